package dev.portalsuite.auth.account;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The {@code User} of the API. */
public record UserResponse(
        UUID id,
        String email,
        String fullName,
        List<String> roles,
        UUID orgId,
        String orgType,
        @JsonRawValue String preferences,
        Instant createdAt,
        Instant lastLoginAt,
        boolean emailVerified) {

    public static UserResponse of(User user) {
        return new UserResponse(user.id(), user.email(), user.fullName(), user.roles(), user.orgId(), user.orgType(),
                user.preferences(), user.createdAt(), user.lastLoginAt(), user.emailVerified());
    }
}
