package db.migration.audittest;

import dev.portalsuite.shared.audit.AuditTableMigration;

/** The test schema applies the shared shape as its services do. */
public class V2__Audit_events_shared extends AuditTableMigration {
}
