package dev.portalsuite.shared.security;

import java.util.Set;
import java.util.UUID;

/** The verified caller of a request. */
public record Principal(
        String subject,
        String sessionId,
        String email,
        String name,
        Set<String> roles,
        UUID orgId,
        String orgType,
        Set<String> scopes,
        String tokenId) {

    public Principal {
        roles = Set.copyOf(roles);
        scopes = Set.copyOf(scopes);
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
