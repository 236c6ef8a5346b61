package dev.portalsuite.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access tokens are remembered once verified (shared-lib's TokenVerifier cache); auth-service's session check runs
 * after that cache on every request, so a token already seen is refused the moment its session ends.
 */
class CachedTokenRevocationIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();

    @Test
    void aTokenUsedBeforeItsSessionEndsIsRefusedRightAfter() {
        JsonNode pair = server.newUser("cached-logout@example.com");
        String access = pair.get("accessToken").asText();
        for (int i = 0; i < 3; i++) { // verified once, then served from the cache
            assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(200);
        }
        assertThat(server.client().post("/api/auth/logout")
                .json("{\"refreshToken\":\"" + pair.get("refreshToken").asText() + "\"}").send().status()).isEqualTo(204);
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(401);
    }

    @Test
    void aTokenUsedBeforeLogoutAllIsRefusedRightAfter() {
        JsonNode pair = server.newUser("cached-logout-all@example.com");
        String access = pair.get("accessToken").asText();
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(200);
        assertThat(server.client().get("/api/auth/sessions").bearer(access).send().status()).isEqualTo(200);
        assertThat(server.client().post("/api/auth/logout-all").bearer(access).send().status()).isEqualTo(204);
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(401);
        assertThat(server.client().get("/api/auth/sessions").bearer(access).send().status()).isEqualTo(401);
    }
}
