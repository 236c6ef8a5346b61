package dev.portalsuite.auth.audit;

/** Every authentication event the audit log records. */
public enum AuditAction implements dev.portalsuite.shared.audit.AuditAction {
    REGISTERED("register"),
    LOGIN_SUCCEEDED("login.succeeded"),
    LOGIN_FAILED("login.failed"),
    LOGIN_LOCKED("login.locked"),
    LOGIN_REFUSED_LOCKED("login.refused_locked"),
    LOGIN_DISABLED("login.disabled"),
    REFRESHED("refresh"),
    REFRESH_REUSE_DETECTED("refresh.reuse_detected"),
    LOGOUT("logout"),
    LOGOUT_ALL("logout_all"),
    SESSION_REVOKED("session.revoked"),
    PASSWORD_CHANGED("password.changed"),
    PASSWORD_CHANGE_FAILED("password.change_failed"),
    PASSWORD_CHANGE_REFUSED_LOCKED("password.change_refused_locked"),
    PROFILE_UPDATED("profile.updated"),
    USER_UPDATED("user.updated"),
    ROLES_CHANGED("user.roles_changed"),
    USER_DISABLED("user.disabled"),
    USER_ENABLED("user.enabled"),
    USER_DELETED("user.deleted"),
    USER_UNLOCKED("user.unlocked"),
    USER_PROVISIONED("user.provisioned"),
    BOOTSTRAP_ADMIN("bootstrap_admin.created"),
    CLIENT_CREATED("client.created"),
    CLIENT_UPDATED("client.updated"),
    CLIENT_TOKEN_ISSUED("client.token_issued"),
    CLIENT_TOKEN_REFUSED("client.token_refused"),
    INVITE_CREATED("invite.created"),
    INVITE_ACCEPTED("invite.accepted"),
    INVITE_REVOKED("invite.revoked"),
    IDENTITY_LINKED("identity.linked"),
    PASSWORD_RESET_REQUESTED("password.reset_requested"),
    PASSWORD_RESET("password.reset"),
    EMAIL_VERIFICATION_SENT("email.verification_sent"),
    EMAIL_VERIFIED("email.verified"),
    LOGIN_UNVERIFIED_EMAIL("login.unverified_email"),
    NEW_DEVICE_SIGN_IN("login.new_device");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
