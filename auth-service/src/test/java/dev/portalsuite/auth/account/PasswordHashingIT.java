package dev.portalsuite.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bcrypt gate (503 instead of a queue), bcrypt's 72-byte limit, and cost upgrades at login. */
class PasswordHashingIT {

    @Test
    void aFullBcryptGateAnswers503WithRetryAfterNever500() throws Exception {
        // a high lockout limit: concurrent correct logins reserve attempts too, and 423 is not what is tested here
        try (AuthUnderTest server = new AuthUnderTest().with(Map.of(
                "BCRYPT_MAX_CONCURRENT", "1", "BCRYPT_QUEUE_WAIT", "PT0S", "BCRYPT_COST", "10",
                "LOCKOUT_MAX_FAILURES", "1000")).start()) {
            String email = "busy@example.com";
            String password = "Correct-Horse-Busy-1";
            assertThat(server.register(email, password, "Busy User").status()).isEqualTo(201);

            List<ApiResponse> all = new ArrayList<>();
            // contention is almost certain at once; a few more rounds only guard against a lucky schedule
            for (int round = 0; round < 3 && all.stream().noneMatch(r -> r.status() == 503); round++) {
                all.addAll(Concurrently.run(12, i -> server.login(email, password)));
            }
            assertThat(all).extracting(ApiResponse::status).as("statuses").doesNotContain(500).containsOnly(200, 503);
            List<ApiResponse> busy = all.stream().filter(r -> r.status() == 503).toList();
            assertThat(busy).as("answers %s", all.stream().map(ApiResponse::status).toList()).isNotEmpty();
            assertThat(all.stream().filter(r -> r.status() == 200)).as("answers %s", all.stream().map(ApiResponse::status).toList()).isNotEmpty();
            for (ApiResponse r : busy) {
                assertThat(r.isProblem()).as("%s", r).isTrue();
                assertThat(r.json().get("status").asInt()).isEqualTo(503);
                assertThat(r.header("Retry-After")).as("Retry-After").isNotNull().matches("\\d+");
                assertThat(Long.parseLong(r.header("Retry-After"))).isGreaterThanOrEqualTo(1);
            }
            String metrics = server.client().get("/metrics").send().body();
            assertThat(metrics).as("busy answers are counted for operators")
                    .containsPattern("(?m)^auth_password_checks_total\\{[^}]*operation=\"verify\",outcome=\"busy\"[^}]*} "
                            + busy.size() + "\\.0$");
            // a busy answer gave its lockout attempt back and checked no password
            assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'login.failed'")).isZero();
            assertThat(server.count("SELECT count(*) FROM login_attempts WHERE failed_count > 0")).isZero();

            ApiResponse calm = server.login(email, password);
            assertThat(calm.status()).as("once the gate is free: %s", calm).isEqualTo(200);
        }
    }

    @Test
    void overLongPasswordsAreOrdinaryFailures() {
        try (AuthUnderTest server = new AuthUnderTest().start()) {
            String email = "long@example.com";
            String password = "A".repeat(61) + "-Horse-1234"; // exactly 72 bytes, bcrypt's limit
            assertThat(password.getBytes(StandardCharsets.UTF_8)).hasSize(72);
            assertThat(server.register(email, password, "Long Password").status()).isEqualTo(201);

            String hundred = "B".repeat(100);
            ApiResponse known = server.login(email, hundred);
            assertThat(known.status()).as("100-byte password, known email: %s", known).isEqualTo(401);
            assertThat(known.json().get("detail").asText()).isEqualTo("Invalid credentials.");
            ApiResponse unknown = server.login("nobody@example.com", hundred);
            assertThat(unknown.status()).as("100-byte password, unknown email: %s", unknown).isEqualTo(401);
            assertThat(unknown.json().get("detail").asText()).isEqualTo("Invalid credentials.");

            // never truncated: the real password plus one more byte must not match
            ApiResponse truncated = server.login(email, password + "x");
            assertThat(truncated.status()).as("73 bytes starting with the 72-byte password: %s", truncated).isEqualTo(401);
            // 100 bytes of multi-byte characters (25 × 4 bytes)
            ApiResponse emoji = server.login(email, "\uD83D\uDE00".repeat(25));
            assertThat(emoji.status()).as("100 bytes of emoji: %s", emoji).isEqualTo(401);

            // over the spec's maxLength too: sent on purpose
            ApiResponse register = server.client().post("/api/auth/register").invalidRequest()
                    .json("{\"email\":\"long2@example.com\",\"password\":\"" + hundred + "\",\"fullName\":\"Too Long\"}")
                    .send();
            assertThat(register.status()).as("registering a 100-byte password: %s", register).isEqualTo(400);
            assertThat(register.json().get("errors").get(0).get("field").asText()).isEqualTo("password");

            assertThat(server.login(email, password).status()).as("the 72-byte password itself works").isEqualTo(200);
        }
    }

    @Test
    void aLowerCostHashIsUpgradedAtTheNextSuccessfulLogin() {
        try (AuthUnderTest cheap = new AuthUnderTest().with("BCRYPT_COST", "4").start()) {
            String email = "upgrade@example.com";
            String password = "Correct-Horse-Upgrade-1";
            ApiResponse registered = cheap.register(email, password, "Upgrade Me");
            assertThat(registered.status()).isEqualTo(201);
            String userId = registered.json().get("user").get("id").asText();
            assertThat(storedHash(cheap, email)).startsWith("$2a$04$");

            try (AuthUnderTest dearer = new AuthUnderTest().database(cheap.databaseConfig()).with("BCRYPT_COST", "5").start()) {
                // a failed login does not touch the hash
                assertThat(dearer.login(email, "Wrong-Password-1").status()).isEqualTo(401);
                assertThat(storedHash(dearer, email)).startsWith("$2a$04$");

                ApiResponse login = dearer.login(email, password);
                assertThat(login.status()).as("%s", login).isEqualTo(200);
                String upgraded = storedHash(dearer, email);
                assertThat(upgraded).startsWith("$2a$05$");
                assertThat(upgradedEvents(dearer, userId)).isEqualTo(1);

                // the new hash verifies; no second upgrade
                assertThat(dearer.login(email, password).status()).isEqualTo(200);
                assertThat(storedHash(dearer, email)).isEqualTo(upgraded);
                assertThat(upgradedEvents(dearer, userId)).isEqualTo(1);
                assertThat(dearer.count("SELECT count(*) FROM audit_events WHERE action = 'login.succeeded' AND user_id = '"
                        + userId + "'")).isEqualTo(2);

                // the cheaper instance still accepts it and never downgrades
                assertThat(cheap.login(email, password).status()).isEqualTo(200);
                assertThat(storedHash(cheap, email)).isEqualTo(upgraded);
            }
        }
    }

    private static String storedHash(AuthUnderTest server, String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = :email")
                .bind("email", email).mapTo(String.class).one());
    }

    private static long upgradedEvents(AuthUnderTest server, String userId) {
        return server.count("SELECT count(*) FROM audit_events WHERE action = 'login.succeeded' AND user_id = '" + userId
                + "' AND details @> '{\"passwordHashUpgraded\": true}'::jsonb");
    }
}
