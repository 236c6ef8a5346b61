package dev.portalsuite.auth.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user row. {@code passwordHash} is null for accounts that only sign in through a provider. */
public record User(
        UUID id,
        String email,
        String fullName,
        String passwordHash,
        List<String> roles,
        UUID orgId,
        String orgType,
        String preferences,
        boolean disabled,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt,
        boolean emailVerified) {

    public boolean isAdmin() {
        return roles.contains("admin");
    }
}
