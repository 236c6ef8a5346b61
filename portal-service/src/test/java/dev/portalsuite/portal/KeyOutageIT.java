package dev.portalsuite.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestTokens;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When auth-service's JWKS cannot be fetched, callers get 503 (an outage), not 401 (a bad token). */
class KeyOutageIT {

    @Test
    void anUnreachableJwksIsA503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (PortalUnderTest portal = new PortalUnderTest().verifyingTokensOf(() -> "http://127.0.0.1:" + closedPort).start()) {
            ApiClient api = portal.client();
            String token = new TestTokens().user(UUID.randomUUID(), List.of("admin"), null, null);

            ApiResponse response = api.get("/api/portal/dashboard").bearer(token).send();

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.header("Retry-After")).isNotBlank();
            assertThat(api.get("/health/live").send().status()).isEqualTo(200);
        }
    }
}
