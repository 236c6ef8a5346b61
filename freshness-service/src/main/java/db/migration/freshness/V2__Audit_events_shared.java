package db.migration.freshness;

import dev.portalsuite.shared.audit.AuditTableMigration;

/** The shared shape of {@code audit_events}: one ordering and the append-only trigger (see the base class). */
public class V2__Audit_events_shared extends AuditTableMigration {
}
