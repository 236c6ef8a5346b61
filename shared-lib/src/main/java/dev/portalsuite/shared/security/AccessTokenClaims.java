package dev.portalsuite.shared.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What goes into an access token; {@code sessionId}, {@code orgId}, {@code orgType} may be null.
 * {@code amr} (RFC 8176 authentication methods) and {@code authTime} (when the person last proved who they are,
 * OpenID Connect's {@code auth_time}) describe a person's sign-in; both are empty/null for service clients.
 */
public record AccessTokenClaims(
        String subject,
        String sessionId,
        String email,
        String name,
        List<String> roles,
        UUID orgId,
        String orgType,
        List<String> scopes,
        Duration ttl,
        List<String> amr,
        Instant authTime) {

    public AccessTokenClaims {
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** Claims without a record of how the caller authenticated (service clients). */
    public AccessTokenClaims(String subject, String sessionId, String email, String name, List<String> roles, UUID orgId,
                             String orgType, List<String> scopes, Duration ttl) {
        this(subject, sessionId, email, name, roles, orgId, orgType, scopes, ttl, List.of(), null);
    }
}
