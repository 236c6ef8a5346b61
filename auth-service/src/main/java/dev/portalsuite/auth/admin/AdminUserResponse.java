package dev.portalsuite.auth.admin;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code User} plus the account state an administrator needs. */
public record AdminUserResponse(
        UUID id,
        String email,
        String fullName,
        List<String> roles,
        UUID orgId,
        String orgType,
        @JsonRawValue String preferences,
        Instant createdAt,
        Instant lastLoginAt,
        boolean emailVerified,
        boolean disabled,
        int failedAttempts,
        Instant lockedUntil,
        Mfa mfa) {

    /** Which second factors the user has. */
    public record Mfa(boolean totp, int passkeys) {
    }

    static AdminUserResponse of(AdminUserDao.Row row) {
        return new AdminUserResponse(row.id(), row.email(), row.fullName(), List.of(row.roles()), row.orgId(),
                row.orgType(), row.preferences(), row.createdAt(), row.lastLoginAt(), row.emailVerified(), row.disabled(),
                row.failedAttempts(), row.lockedUntil(), new Mfa(row.mfaTotp(), row.mfaPasskeys()));
    }
}
