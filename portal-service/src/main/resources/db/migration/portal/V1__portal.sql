-- portal-service owns this schema; no other service reads it.

-- Organisations: MSSP → MSP → CLIENT, at most three levels. A CLIENT's parent is an MSP or an MSSP.
--
-- Every row carries its ancestors in fixed columns, so "the caller's subtree" is one indexed equality:
--   MSSP:   mssp_id = id,          msp_id NULL
--   MSP:    mssp_id = parent,      msp_id = id
--   CLIENT: mssp_id = root MSSP,   msp_id = parent MSP (NULL when the parent is the MSSP)
-- The hierarchy rules are enforced by the database itself, declaratively:
--   * orgs_hierarchy (CHECK) ties type, parent_type, parent_id, mssp_id and msp_id together;
--   * orgs_parent_fk makes parent_type the parent's real type (so an MSP's parent really is an MSSP);
--   * orgs_parent_mssp_fk makes a row's mssp_id its parent's mssp_id, and cascades it when an MSP moves
--     to another MSSP, so the ancestor columns can never drift from parent_id.
-- Rows are never deleted: archiving sets status INACTIVE.
CREATE TABLE orgs (
    id                  uuid PRIMARY KEY,
    type                text NOT NULL CHECK (type IN ('MSSP', 'MSP', 'CLIENT')),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    parent_id           uuid,
    parent_type         text,
    mssp_id             uuid NOT NULL,
    msp_id              uuid,
    status              text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'INACTIVE')),
    license_type        text CHECK (length(license_type) BETWEEN 1 AND 100),
    spla_license        boolean NOT NULL DEFAULT false,
    purchased_licenses  integer NOT NULL DEFAULT 0 CHECK (purchased_licenses >= 0),
    active_licenses     integer NOT NULL DEFAULT 0 CHECK (active_licenses >= 0),
    devices             integer NOT NULL DEFAULT 0 CHECK (devices >= 0),
    external_source     text CHECK (length(external_source) BETWEEN 1 AND 50),
    external_id         text CHECK (length(external_id) BETWEEN 1 AND 200),
    last_synced_at      timestamptz,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT orgs_id_type_key UNIQUE (id, type),
    CONSTRAINT orgs_id_mssp_key UNIQUE (id, mssp_id),
    CONSTRAINT orgs_parent_fk FOREIGN KEY (parent_id, parent_type) REFERENCES orgs (id, type),
    CONSTRAINT orgs_parent_mssp_fk FOREIGN KEY (parent_id, mssp_id) REFERENCES orgs (id, mssp_id) ON UPDATE CASCADE,
    CONSTRAINT orgs_external_pair CHECK ((external_source IS NULL) = (external_id IS NULL)),
    -- written so that no branch can evaluate to NULL (a NULL CHECK would pass)
    CONSTRAINT orgs_hierarchy CHECK (COALESCE(CASE type
        WHEN 'MSSP' THEN parent_id IS NULL AND parent_type IS NULL AND mssp_id = id AND msp_id IS NULL
        WHEN 'MSP' THEN parent_type IS NOT DISTINCT FROM 'MSSP' AND parent_id IS NOT NULL
                        AND parent_id IS NOT DISTINCT FROM mssp_id AND msp_id IS NOT DISTINCT FROM id
        WHEN 'CLIENT' THEN (parent_type IS NOT DISTINCT FROM 'MSSP' AND parent_id IS NOT NULL
                            AND parent_id IS NOT DISTINCT FROM mssp_id AND msp_id IS NULL)
                        OR (parent_type IS NOT DISTINCT FROM 'MSP' AND parent_id IS NOT NULL
                            AND parent_id IS NOT DISTINCT FROM msp_id)
        ELSE false END, false))
);
-- one organisation per (source, id in that source); manual organisations have neither
CREATE UNIQUE INDEX orgs_external_key ON orgs (external_source, external_id);
-- scoped pages in case-insensitive name order (whatever the database's collation): an MSSP's subtree,
-- an MSP's subtree, a parent's children, everything (admin)
CREATE INDEX orgs_mssp_name_idx ON orgs (mssp_id, lower(name), id);
CREATE INDEX orgs_msp_name_idx ON orgs (msp_id, lower(name), id) WHERE msp_id IS NOT NULL;
CREATE INDEX orgs_parent_name_idx ON orgs (parent_id, lower(name), id) WHERE parent_id IS NOT NULL;
CREATE INDEX orgs_name_idx ON orgs (lower(name), id);

CREATE TABLE products (
    id          uuid PRIMARY KEY,
    code        text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX products_code_key ON products (lower(code));

-- A product enabled for an organisation (MSSP or MSP; checked by the service).
CREATE TABLE org_products (
    org_id      uuid NOT NULL REFERENCES orgs (id),
    product_id  uuid NOT NULL REFERENCES products (id),
    enabled_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, product_id)
);
CREATE INDEX org_products_product_idx ON org_products (product_id);

-- Exactly one audience: a user, an organisation (its users and the users of everything below it), or a role.
CREATE TABLE notifications (
    id                uuid PRIMARY KEY,
    seq               bigint GENERATED ALWAYS AS IDENTITY,
    audience_user_id  uuid,
    audience_org_id   uuid REFERENCES orgs (id),
    audience_role     text CHECK (audience_role IN ('admin', 'mssp', 'msp', 'client', 'inventory', 'user', 'service')),
    type              text NOT NULL CHECK (type IN ('info', 'success', 'warning', 'alert')),
    title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    message           text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    action_url        text CHECK (length(action_url) BETWEEN 1 AND 2000),
    created_at        timestamptz NOT NULL,
    created_by        text NOT NULL,
    CONSTRAINT notifications_one_audience CHECK (num_nonnulls(audience_user_id, audience_org_id, audience_role) = 1)
);
CREATE INDEX notifications_user_idx ON notifications (audience_user_id, created_at DESC, seq DESC)
    WHERE audience_user_id IS NOT NULL;
CREATE INDEX notifications_org_idx ON notifications (audience_org_id, created_at DESC, seq DESC)
    WHERE audience_org_id IS NOT NULL;
CREATE INDEX notifications_role_idx ON notifications (audience_role, created_at DESC, seq DESC)
    WHERE audience_role IS NOT NULL;

-- Read state is per user.
CREATE TABLE notification_reads (
    user_id          uuid NOT NULL,
    notification_id  uuid NOT NULL REFERENCES notifications (id),
    read_at          timestamptz NOT NULL,
    PRIMARY KEY (user_id, notification_id)
);

-- Sync runs: at most one RUNNING run per source, enforced by a partial unique index, so concurrent
-- starts on any number of instances yield exactly one winner.
CREATE TABLE sync_runs (
    id                  uuid PRIMARY KEY,
    seq                 bigint GENERATED ALWAYS AS IDENTITY,
    source              text NOT NULL CHECK (source ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
    mssp_org_id         uuid NOT NULL REFERENCES orgs (id),
    status              text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'ABANDONED')),
    started_by          text NOT NULL,
    started_at          timestamptz NOT NULL,
    last_activity_at    timestamptz NOT NULL,
    finished_at         timestamptz,
    deactivate_missing  boolean,
    batches             integer NOT NULL DEFAULT 0,
    received            integer NOT NULL DEFAULT 0,
    inserted            integer NOT NULL DEFAULT 0,
    updated             integer NOT NULL DEFAULT 0,
    unchanged           integer NOT NULL DEFAULT 0,
    rejected            integer NOT NULL DEFAULT 0,
    deactivated         integer NOT NULL DEFAULT 0,
    reactivated         integer NOT NULL DEFAULT 0,
    error               text,
    CONSTRAINT sync_runs_finished CHECK ((status = 'RUNNING') = (finished_at IS NULL))
);
CREATE UNIQUE INDEX sync_runs_one_running_key ON sync_runs (source) WHERE status = 'RUNNING';
CREATE INDEX sync_runs_history_idx ON sync_runs (started_at DESC, seq DESC);
CREATE INDEX sync_runs_mssp_finished_idx ON sync_runs (mssp_org_id, finished_at DESC) WHERE finished_at IS NOT NULL;

-- Every external id received by a RUNNING run (accepted = written to orgs). Organisations whose id was
-- received are never deactivated by the run, even when their record was rejected. Emptied at finish.
CREATE TABLE sync_run_seen (
    run_id       uuid NOT NULL REFERENCES sync_runs (id),
    external_id  text NOT NULL,
    accepted     boolean NOT NULL,
    PRIMARY KEY (run_id, external_id)
);

-- Clients that arrived before their parent MSP within a run; written when the parent arrives,
-- reported as rejected at finish when it never does.
CREATE TABLE sync_run_pending (
    run_id              uuid NOT NULL REFERENCES sync_runs (id),
    external_id         text NOT NULL,
    parent_external_id  text NOT NULL,
    name                text NOT NULL,
    license_type        text,
    spla_license        boolean NOT NULL,
    purchased_licenses  integer NOT NULL,
    active_licenses     integer NOT NULL,
    devices             integer NOT NULL,
    PRIMARY KEY (run_id, external_id)
);
CREATE INDEX sync_run_pending_parent_idx ON sync_run_pending (run_id, parent_external_id);

CREATE TABLE sync_run_rejections (
    run_id       uuid NOT NULL REFERENCES sync_runs (id),
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    external_id  text,
    reason       text NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Append-only: the database itself refuses UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_events (
    id           uuid PRIMARY KEY,
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at  timestamptz NOT NULL,
    action       text NOT NULL,
    actor        text,
    target_type  text NOT NULL,
    target_id    uuid,
    ip           text,
    request_id   text,
    details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at DESC, seq DESC);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, occurred_at DESC);
CREATE INDEX audit_events_action_idx ON audit_events (action, occurred_at DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TRIGGER audit_events_no_truncate
    BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
