package dev.portalsuite.auth.session;

import java.time.Instant;
import java.util.UUID;

public record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String userAgent,
                              String ip, boolean current) {
}
