package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Outages;
import dev.portalsuite.shared.testing.TcpProxy;
import dev.portalsuite.shared.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable (a proxy between the service and the database is cut): reads and writes answer
 * 503 with Retry-After at once, readiness goes DOWN, nothing is half-written, and once the database is back the same
 * requests succeed without restarting the service.
 */
class DatabaseCutIT {

    @Test
    void anUnreachableDatabaseIsAFast503AndTheServiceRecoversOnItsOwn() throws Exception {
        var database = TestPostgres.newDatabase();
        var fronted = TcpProxy.inFrontOf(database);
        Jdbi direct = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        // BCRYPT_MAX_CONCURRENT=1: logins waiting for the database must not hold the one password slot
        try (TcpProxy proxy = fronted.proxy();
             AuthUnderTest server = new AuthUnderTest().database(fronted.config()).with("BCRYPT_MAX_CONCURRENT", "1").start()) {
            String admin = server.adminToken();
            JsonNode user = server.newUser("outage-reader@test.dev");
            String userToken = user.get("accessToken").asText();
            String refreshToken = user.get("refreshToken").asText();

            proxy.cut();

            Outages.assertFast503("GET /api/auth/me", () -> server.client().get("/api/auth/me").bearer(userToken).send());
            Outages.assertFast503("GET /api/auth/admin/users",
                    () -> server.client().get("/api/auth/admin/users").bearer(admin).send());
            Outages.assertFast503("POST /api/auth/register",
                    () -> server.register("outage-new@test.dev", "Correct-Horse-Outage-1", "New During Outage"));
            Outages.assertFast503("POST /api/auth/refresh", () -> server.refresh(refreshToken));
            Outages.assertFast503("POST /api/auth/login",
                    () -> server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD));
            // several logins at once: each fails on the database, none waits for (or is refused by) the password gate
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<ApiResponse>> logins = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    logins.add(pool.submit(() -> Outages.assertFast503("concurrent login",
                            () -> server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD))));
                }
                for (Future<ApiResponse> login : logins) {
                    assertThat(login.get().json().path("detail").asText()).contains("database")
                            .doesNotContain("busy checking passwords");
                }
            } finally {
                pool.shutdownNow();
            }
            Outages.assertNotReady(server.client());

            proxy.restore();
            Outages.awaitReady(server.client(), Duration.ofSeconds(20));

            // nothing was half-written: the refused registration left no account, the refused logins no lockout count
            assertThat(count(direct, "SELECT count(*) FROM auth.users WHERE email = 'outage-new@test.dev'")).isZero();
            assertThat(count(direct, "SELECT count(*) FROM auth.login_attempts WHERE email = '" + AuthUnderTest.ADMIN_EMAIL + "'"))
                    .isZero();
            assertThat(server.client().get("/api/auth/me").bearer(userToken).send().status()).isEqualTo(200);
            assertThat(server.client().get("/api/auth/admin/users").bearer(admin).send().status()).isEqualTo(200);
            assertThat(server.register("outage-new@test.dev", "Correct-Horse-Outage-1", "New During Outage").status())
                    .isEqualTo(201);
            assertThat(server.refresh(refreshToken).status()).isEqualTo(200);
            assertThat(server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).status()).isEqualTo(200);
            server.client().assertNoViolations();
        }
    }

    private static int count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
    }
}
