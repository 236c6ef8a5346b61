package dev.portalsuite.portal.audit;

/** Every portal change the audit log records. */
public enum AuditAction implements dev.portalsuite.shared.audit.AuditAction {
    ORG_CREATED("org.created", "org"),
    ORG_UPDATED("org.updated", "org"),
    ORG_ARCHIVED("org.archived", "org"),
    PRODUCT_CREATED("product.created", "product"),
    PRODUCT_ENABLED("product.enabled", "org"),
    PRODUCT_DISABLED("product.disabled", "org"),
    NOTIFICATION_CREATED("notification.created", "notification"),
    SYNC_RUN_STARTED("sync_run.started", "sync_run"),
    SYNC_RUN_RECORDS("sync_run.records", "sync_run"),
    SYNC_RUN_FINISHED("sync_run.finished", "sync_run"),
    SYNC_RUN_ABANDONED("sync_run.abandoned", "sync_run");

    private final String code;
    private final String targetType;

    AuditAction(String code, String targetType) {
        this.code = code;
        this.targetType = targetType;
    }

    @Override
    public String code() {
        return code;
    }

    public String targetType() {
        return targetType;
    }
}
