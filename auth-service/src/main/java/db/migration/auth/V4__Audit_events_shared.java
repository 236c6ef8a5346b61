package db.migration.auth;

import dev.portalsuite.shared.audit.AuditTableMigration;

/**
 * The shared shape of {@code audit_events}: adds the {@code seq} column behind the one ordering (auth ordered
 * events of the same instant by id before) and re-applies the append-only trigger (see the base class).
 */
public class V4__Audit_events_shared extends AuditTableMigration {
}
