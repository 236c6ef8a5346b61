package dev.portalsuite.auth.invite;

import java.time.Instant;
import java.util.UUID;

/** {@code Invite}: never carries the token. */
public record InviteResponse(UUID id, String email, String role, UUID orgId, String orgType, String status,
                             Instant createdAt, Instant expiresAt, Instant acceptedAt, Instant revokedAt) {

    static InviteResponse of(InviteDao.Row row) {
        return new InviteResponse(row.id(), row.email(), row.role(), row.orgId(), row.orgType(), row.status(),
                row.createdAt(), row.expiresAt(), row.acceptedAt(), row.revokedAt());
    }
}
