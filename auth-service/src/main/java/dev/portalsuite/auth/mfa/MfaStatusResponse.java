package dev.portalsuite.auth.mfa;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /api/auth/me/mfa}: the caller's second factors (never a secret). */
public record MfaStatusResponse(Totp totp, List<Passkey> passkeys, int recoveryCodesLeft) {
    public record Totp(boolean enrolled, Instant confirmedAt) {
    }

    public record Passkey(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
    }
}
