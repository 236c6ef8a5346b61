package dev.portalsuite.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Refresh tokens are single use even under concurrency, and sessions end after the idle and absolute limits.
 *
 * <p>The expiry tests judge each answer against what the server must have seen: a request's server time lies
 * between the moment it was sent and the moment its answer arrived. An attempt whose timing leaves an expected
 * status undetermined (a stalled machine) is repeated, never judged.
 */
class RefreshConcurrencyIT {
    private static final long MS = 1_000_000L;

    @Test
    void concurrentRefreshesWithOneTokenHaveExactlyOneWinnerAndRevokeTheSession() throws Exception {
        try (AuthUnderTest server = new AuthUnderTest().start()) {
            JsonNode pair = server.newUser("racer@example.com");
            String userId = pair.get("user").get("id").asText();
            String token = pair.get("refreshToken").asText();

            List<ApiResponse> answers = Concurrently.run(20, i -> server.refresh(token));

            List<Integer> statuses = answers.stream().map(ApiResponse::status).toList();
            List<ApiResponse> ok = answers.stream().filter(r -> r.status() == 200).toList();
            long unauthorized = answers.stream().filter(r -> r.status() == 401).count();
            assertThat(ok).as("winners among %s", statuses).hasSize(1);
            assertThat(unauthorized).as("losers among %s", statuses).isEqualTo(19);
            answers.stream().filter(r -> r.status() == 401).forEach(r -> assertThat(r.isProblem()).isTrue());

            // the losers presented a used token: theft is assumed and the session is revoked
            assertThat(sessions(server, userId, "revoked_at IS NULL")).as("live sessions").isZero();
            assertThat(sessions(server, userId, "revoked_at IS NOT NULL AND revoked_reason = 'refresh_token_reuse'"))
                    .isEqualTo(1);
            String winnerToken = ok.get(0).json().get("refreshToken").asText();
            assertThat(server.refresh(winnerToken).status()).as("the winner's new token died with the session").isEqualTo(401);
            assertThat(server.client().get("/api/auth/me").bearer(ok.get(0).json().get("accessToken").asText()).send().status())
                    .as("the winner's access token died with the session").isEqualTo(401);

            assertThat(audit(server, userId, "refresh")).as("exactly one rotation").isEqualTo(1);
            assertThat(audit(server, userId, "refresh.reuse_detected")).isGreaterThanOrEqualTo(1);
            assertThat(server.count("SELECT count(*) FROM refresh_tokens WHERE used_at IS NOT NULL")).isEqualTo(1);
        }
    }

    @Test
    void anUnusedRefreshTokenDiesAfterTheIdleTtl() throws Exception {
        try (AuthUnderTest server = new AuthUnderTest().with(Map.of("REFRESH_IDLE_TTL", "PT2S", "SESSION_MAX_TTL", "PT1H")).start()) {
            String email = "idle@example.com";
            String password = register(server, email);
            for (int attempt = 1; attempt <= 3; attempt++) {
                long s0 = System.nanoTime();
                ApiResponse login = server.login(email, password);
                assertThat(login.status()).isEqualTo(200);

                long s1 = System.nanoTime();
                ApiResponse fresh = server.refresh(login.json().get("refreshToken").asText());
                long r1 = System.nanoTime();
                if (r1 >= s0 + 2_000 * MS) {
                    continue; // too slow to know whether the session was still inside its idle window
                }
                assertThat(fresh.status()).as("refresh inside the idle window: %s", fresh).isEqualTo(200);

                // the new token is left unused for 3 s, longer than the 2 s idle TTL counted from the refresh
                sleepUntil(r1 + 3_000 * MS);
                String sessionId = sessionOf(fresh);
                ApiResponse stale = server.refresh(fresh.json().get("refreshToken").asText());
                assertThat(stale.status()).as("refresh after the idle TTL: %s", stale).isEqualTo(401);
                assertThat(stale.isProblem()).isTrue();
                // expired, not revoked: the token was never used before, so this is no reuse
                assertThat(server.count("SELECT count(*) FROM sessions WHERE id = '" + sessionId
                        + "' AND revoked_at IS NULL AND idle_expires_at <= now() AND absolute_expires_at > now()"))
                        .isEqualTo(1);
                assertThat(server.refresh(fresh.json().get("refreshToken").asText()).status()).isEqualTo(401);
                return;
            }
            Assumptions.abort("the machine was too slow in 3 attempts to judge the idle window; nothing was verified");
        }
    }

    @Test
    void refreshingKeepsTheSessionAliveOnlyUntilTheAbsoluteLimit() throws Exception {
        try (AuthUnderTest server = new AuthUnderTest().with(Map.of("REFRESH_IDLE_TTL", "PT2S", "SESSION_MAX_TTL", "PT3S")).start()) {
            String email = "absolute@example.com";
            String password = register(server, email);
            for (int attempt = 1; attempt <= 3; attempt++) {
                long s0 = System.nanoTime();
                ApiResponse login = server.login(email, password);
                long r0 = System.nanoTime();
                assertThat(login.status()).isEqualTo(200);

                // ~1 s after login: inside the first idle window
                sleepUntil(r0 + 1_000 * MS);
                long s1 = System.nanoTime();
                ApiResponse first = server.refresh(login.json().get("refreshToken").asText());
                long r1 = System.nanoTime();
                // ~2.2 s after login: the login's own idle window (2 s) has ended; only the refresh extended it
                sleepUntil(r0 + 2_200 * MS);
                long s2 = System.nanoTime();
                ApiResponse second = first.status() == 200 ? server.refresh(first.json().get("refreshToken").asText()) : null;
                long r2 = System.nanoTime();
                // ~3.5 s after login: past the 3 s absolute limit, but within 2 s of the last refresh
                sleepUntil(r0 + 3_500 * MS);
                long s3 = System.nanoTime();
                ApiResponse third = second != null && second.status() == 200
                        ? server.refresh(second.json().get("refreshToken").asText()) : null;
                long r3 = System.nanoTime();

                boolean determined = r1 < s0 + 2_000 * MS
                        && r2 < Math.min(s1 + 2_000 * MS, s0 + 3_000 * MS)
                        && s2 > r0 + 2_000 * MS
                        && s3 > r0 + 3_000 * MS
                        && r3 < s2 + 2_000 * MS;
                if (!determined) {
                    continue;
                }
                assertThat(first.status()).as("refresh ~1 s after login: %s", first).isEqualTo(200);
                assertThat(second).isNotNull();
                assertThat(second.status()).as("refresh ~2.2 s after login (idle window extended): %s", second).isEqualTo(200);
                assertThat(third).isNotNull();
                assertThat(third.status()).as("refresh past the absolute limit: %s", third).isEqualTo(401);
                assertThat(third.isProblem()).isTrue();
                String sessionId = sessionOf(second);
                assertThat(sessionOf(first)).isEqualTo(sessionId).isEqualTo(sessionOf(login));
                assertThat(server.count("SELECT count(*) FROM sessions WHERE id = '" + sessionId
                        + "' AND revoked_at IS NULL AND absolute_expires_at <= now()")).isEqualTo(1);
                return;
            }
            Assumptions.abort("the machine was too slow in 3 attempts to judge the expiry windows; nothing was verified");
        }
    }

    private static String register(AuthUnderTest server, String email) {
        String password = "Correct-Horse-" + Math.abs(email.hashCode());
        ApiResponse response = server.register(email, password, "Session Test");
        assertThat(response.status()).as("register: %s", response).isEqualTo(201);
        return password;
    }

    /** The session id, read from the {@code sid} claim of the pair's access token (payload only; nothing verified). */
    private static String sessionOf(ApiResponse pair) {
        String access = pair.json().get("accessToken").asText();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        try {
            JsonNode claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(payload);
            assertThat(claims.hasNonNull("sid")).as("claims %s", payload).isTrue();
            return claims.get("sid").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("access token payload is not JSON: " + payload, e);
        }
    }

    private static long sessions(AuthUnderTest server, String userId, String condition) {
        return server.count("SELECT count(*) FROM sessions WHERE user_id = '" + userId + "' AND " + condition);
    }

    private static long audit(AuthUnderTest server, String userId, String action) {
        return server.count("SELECT count(*) FROM audit_events WHERE user_id = '" + userId + "' AND action = '" + action + "'");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
