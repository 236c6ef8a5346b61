package dev.portalsuite.freshness.audit;

/** Every change the freshness audit log records. */
public enum AuditAction implements dev.portalsuite.shared.audit.AuditAction {
    BATCH_CREATED("batch.created"),
    BATCH_UPDATED("batch.updated"),
    BATCH_DELETED("batch.deleted"),
    POLICY_SET("policy.set"),
    POLICY_DELETED("policy.deleted");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
