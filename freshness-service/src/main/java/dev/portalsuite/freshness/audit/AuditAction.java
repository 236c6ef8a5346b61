package dev.portalsuite.freshness.audit;

/**
 * Every change the freshness audit log records; the codes are {@code batch.created}, {@code batch.updated},
 * {@code batch.deleted}, {@code policy.set} and {@code policy.deleted} (see the shared interface's convention).
 */
public enum AuditAction implements dev.portalsuite.shared.audit.AuditAction {
    BATCH_CREATED,
    BATCH_UPDATED,
    BATCH_DELETED,
    POLICY_SET,
    POLICY_DELETED
}
