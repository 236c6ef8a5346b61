package dev.portalsuite.shared.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** What goes into an access token; {@code sessionId}, {@code orgId}, {@code orgType} may be null. */
public record AccessTokenClaims(
        String subject,
        String sessionId,
        String email,
        String name,
        List<String> roles,
        UUID orgId,
        String orgType,
        List<String> scopes,
        Duration ttl) {
}
