-- One foreign key from an organisation to its parent instead of two (issue 14: a synchronised batch paid two
-- row-level checks and two unique indexes per organisation). The new key does both old jobs:
--   * parent_type is the parent's real type (so an MSP's parent really is an MSSP), and
--   * mssp_id is the parent's mssp_id, cascaded when an MSP moves to another MSSP (ON UPDATE CASCADE). A change of a
--     parent's type would cascade too, and its children's orgs_hierarchy CHECK refuses it, as the old key refused it.
-- Rows whose parent_id is NULL (MSSPs) are not checked, as before (MATCH SIMPLE).
ALTER TABLE orgs DROP CONSTRAINT orgs_parent_fk;
ALTER TABLE orgs DROP CONSTRAINT orgs_parent_mssp_fk;
ALTER TABLE orgs ADD CONSTRAINT orgs_id_type_mssp_key UNIQUE (id, type, mssp_id);
ALTER TABLE orgs ADD CONSTRAINT orgs_parent_fk FOREIGN KEY (parent_id, parent_type, mssp_id)
    REFERENCES orgs (id, type, mssp_id) ON UPDATE CASCADE;
ALTER TABLE orgs DROP CONSTRAINT orgs_id_type_key;
ALTER TABLE orgs DROP CONSTRAINT orgs_id_mssp_key;
