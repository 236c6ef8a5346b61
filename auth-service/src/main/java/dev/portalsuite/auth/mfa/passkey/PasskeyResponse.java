package dev.portalsuite.auth.mfa.passkey;

import java.time.Instant;
import java.util.UUID;

/** A registered passkey as its owner sees it. */
public record PasskeyResponse(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
    static PasskeyResponse of(PasskeyDao.Row row) {
        return new PasskeyResponse(row.id(), row.name(), row.createdAt(), row.lastUsedAt());
    }
}
