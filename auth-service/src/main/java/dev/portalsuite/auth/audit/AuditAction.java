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
    NEW_DEVICE_SIGN_IN("login.new_device"),
    MFA_TOTP_ENROLMENT_STARTED("mfa.totp_enrolment_started"),
    MFA_TOTP_CONFIRMED("mfa.totp_confirmed"),
    MFA_TOTP_REMOVED("mfa.totp_removed"),
    MFA_CHALLENGE_ISSUED("mfa.challenge_issued"),
    MFA_CHALLENGE_PASSED("mfa.challenge_passed"),
    MFA_CHALLENGE_FAILED("mfa.challenge_failed"),
    MFA_LOCKED("mfa.locked"),
    MFA_REFUSED_LOCKED("mfa.refused_locked"),
    MFA_TOKEN_REFUSED("mfa.token_refused"),
    MFA_RECOVERY_CODE_USED("mfa.recovery_code_used"),
    MFA_RECOVERY_CODES_REGENERATED("mfa.recovery_codes_regenerated"),
    MFA_RESET("mfa.reset"),
    MFA_STEP_UP("mfa.step_up"),
    MFA_PASSKEY_REGISTERED("mfa.passkey_registered"),
    MFA_PASSKEY_RENAMED("mfa.passkey_renamed"),
    MFA_PASSKEY_REMOVED("mfa.passkey_removed");

    private final String code;

    AuditAction(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
