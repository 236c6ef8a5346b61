package dev.portalsuite.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import dev.portalsuite.shared.testing.TestTokens;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
        DatabaseConfig database = TestPostgres.newDatabase();
        PortalConfig config = PortalConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", database.jdbcUrl(), "DATABASE_USER", database.user(),
                "DATABASE_PASSWORD", database.password(), "HOST", "127.0.0.1", "PORT", "0")));
        TokenVerifier verifier = TokenVerifier.withJwks(URI.create("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json"),
                TestTokens.SETTINGS, Clock.systemUTC());
        try (PortalApp app = PortalApp.create(config, new PortalApp.Deps(Clock.systemUTC(), verifier)).start()) {
            ApiClient api = new ApiClient("http://127.0.0.1:" + app.port(), PortalApp.OPENAPI);
            String token = new TestTokens().user(UUID.randomUUID(), List.of("admin"), null, null);

            ApiResponse response = api.get("/api/portal/dashboard").bearer(token).send();

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.header("Retry-After")).isNotBlank();
            assertThat(api.get("/health/live").send().status()).isEqualTo(200);
            api.assertNoViolations();
        }
    }
}
