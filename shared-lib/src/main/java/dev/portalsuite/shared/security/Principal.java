package dev.portalsuite.shared.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The verified caller of a request. {@code amr} lists how the person authenticated (RFC 8176: {@code pwd},
 * {@code otp}, {@code hwk}, {@code user}, {@code mfa}, or an OpenID provider's name) and {@code authTime} when;
 * service clients have neither.
 */
public record Principal(
        String subject,
        String sessionId,
        String email,
        String name,
        Set<String> roles,
        UUID orgId,
        String orgType,
        Set<String> scopes,
        String tokenId,
        List<String> amr,
        Instant authTime) {

    /** RFC 8176's value for "more than one factor was used". */
    public static final String AMR_MFA = "mfa";
    /** The scope of a token that may only enrol a second factor (a role that requires one, none enrolled yet). */
    public static final String SCOPE_MFA_ENROLL = "mfa:enroll";

    public Principal {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    public Principal(String subject, String sessionId, String email, String name, Set<String> roles, UUID orgId,
                     String orgType, Set<String> scopes, String tokenId) {
        this(subject, sessionId, email, name, roles, orgId, orgType, scopes, tokenId, List.of(), null);
    }

    /** The sign-in used more than one factor (a password and a code, or a passkey with user verification). */
    public boolean multiFactor() {
        return amr.contains(AMR_MFA);
    }

    /** Multi-factor and authenticated at most {@code maxAge} before {@code now} (RFC 9470's step-up condition). */
    public boolean multiFactorWithin(Duration maxAge, Instant now) {
        return multiFactor() && authTime != null && !authTime.plus(maxAge).isBefore(now);
    }

    /** A token that may only enrol a second factor. */
    public boolean enrolmentOnly() {
        return scopes.contains(SCOPE_MFA_ENROLL);
    }

    public boolean hasRole(Role role) {
        return roles.contains(role.claim());
    }

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The user id; only meaningful for user tokens (service clients have a client id as subject). */
    public UUID userId() {
        return UUID.fromString(subject);
    }

    public UUID sessionUuid() {
        return sessionId == null ? null : UUID.fromString(sessionId);
    }
}
