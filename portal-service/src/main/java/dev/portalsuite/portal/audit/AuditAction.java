package dev.portalsuite.portal.audit;

/**
 * Every portal change the audit log records, with the type of its target. The codes follow the shared
 * interface's convention: {@code org.created}, ..., {@code sync_run.started}, {@code sync_run.abandoned}.
 */
public enum AuditAction implements dev.portalsuite.shared.audit.AuditAction {
    ORG_CREATED("org"),
    ORG_UPDATED("org"),
    ORG_ARCHIVED("org"),
    PRODUCT_CREATED("product"),
    PRODUCT_ENABLED("org"),
    PRODUCT_DISABLED("org"),
    NOTIFICATION_CREATED("notification"),
    SYNC_RUN_STARTED("sync_run"),
    SYNC_RUN_RECORDS("sync_run"),
    SYNC_RUN_FINISHED("sync_run"),
    SYNC_RUN_ABANDONED("sync_run");

    private final String targetType;

    AuditAction(String targetType) {
        this.targetType = targetType;
    }

    public String targetType() {
        return targetType;
    }
}
