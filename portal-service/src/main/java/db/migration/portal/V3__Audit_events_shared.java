package db.migration.portal;

import dev.portalsuite.shared.audit.AuditTableMigration;

/** The shared shape of {@code audit_events}: one ordering and the append-only trigger (see the base class). */
public class V3__Audit_events_shared extends AuditTableMigration {
}
