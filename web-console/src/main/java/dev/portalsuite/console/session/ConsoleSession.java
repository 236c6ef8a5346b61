package dev.portalsuite.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A live console session as a request sees it. The access token is for server-side API calls only and never leaves
 * the console; {@code toString} leaves it out.
 */
public record ConsoleSession(byte[] idHash, String csrfToken, Profile profile, String accessToken, Instant expiresAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * True when the access token's scope is only {@code mfa:enroll} ({@code MFA_REQUIRED_ROLES}: a second factor must
     * be set up first). The console reads its own token's claims only to choose pages; the APIs verify it.
     */
    public boolean enrolmentOnly() {
        String[] parts = accessToken == null ? new String[0] : accessToken.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode claims = MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return Arrays.asList(claims.path("scope").asText("").split(" ")).contains("mfa:enroll");
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "ConsoleSession[user=" + profile.id() + ", expiresAt=" + expiresAt + "]";
    }
}
