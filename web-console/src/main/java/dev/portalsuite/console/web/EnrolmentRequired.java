package dev.portalsuite.console.web;

/**
 * The session's token may only enrol a second factor (scope {@code mfa:enroll}, from {@code MFA_REQUIRED_ROLES}):
 * every page but the security page sends the user there until a factor is confirmed.
 */
public final class EnrolmentRequired extends RuntimeException {
    public EnrolmentRequired() {
        super("a second factor must be set up first");
    }
}
