package dev.portalsuite.console.session;

import java.time.Instant;

/**
 * A live console session as a request sees it. The access token is for server-side API calls only and never leaves
 * the console; {@code toString} leaves it out.
 */
public record ConsoleSession(byte[] idHash, String csrfToken, Profile profile, String accessToken, Instant expiresAt) {
    @Override
    public String toString() {
        return "ConsoleSession[user=" + profile.id() + ", expiresAt=" + expiresAt + "]";
    }
}
