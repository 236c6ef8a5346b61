package dev.portalsuite.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one refresh writes, now that the rotation is one statement: the spent token is marked used, the session is
 * touched (last use, client, sliding idle expiry capped by the absolute one), the next token expires with the
 * session's idle timeout but never after its absolute one, and one audit event names the session.
 */
class RefreshRotationIT {
    private static final TestClock CLOCK = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest().clock(CLOCK)
            .with(Map.of("REFRESH_IDLE_TTL", "PT2H", "SESSION_MAX_TTL", "PT5H"));

    private record Session(Instant lastUsedAt, Instant idleExpiresAt, Instant absoluteExpiresAt, String userAgent) {
    }

    @Test
    void aRefreshSpendsTouchesIssuesAndAuditsExactly() {
        JsonNode user = server.newUser("rotation@example.com").get("user");
        String first = server.login("rotation@example.com", "Correct-Horse-" + "rotation@example.com".hashCode())
                .json().get("refreshToken").asText();
        String sessionId = sessionOf(first);
        Instant loggedIn = CLOCK.instant();

        CLOCK.advance(Duration.ofMinutes(90));
        ApiResponse answer = server.client().post("/api/auth/refresh").header("User-Agent", "Rotation-Agent/2.0")
                .json("{\"refreshToken\":\"" + first + "\"}").send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("user").get("id").asText()).isEqualTo(user.get("id").asText());
        String second = answer.json().get("refreshToken").asText();
        Instant refreshed = CLOCK.instant();

        Session session = session(sessionId);
        assertThat(session.lastUsedAt()).isEqualTo(refreshed);
        assertThat(session.idleExpiresAt()).isEqualTo(refreshed.plus(Duration.ofHours(2)));
        assertThat(session.absoluteExpiresAt()).isEqualTo(loggedIn.plus(Duration.ofHours(5)));
        assertThat(session.userAgent()).isEqualTo("Rotation-Agent/2.0");
        assertThat(usedAt(first)).isEqualTo(refreshed);
        assertThat(usedAt(second)).isNull();
        assertThat(expiresAt(second)).isEqualTo(refreshed.plus(Duration.ofHours(2)));
        assertThat(sessionOf(second)).isEqualTo(sessionId);
        java.util.List<String> audited = server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT details->>'sessionId' FROM audit_events WHERE action = 'refresh' AND user_id = CAST(:id AS uuid)")
                .bind("id", user.get("id").asText()).mapTo(String.class).list());
        assertThat(audited).containsExactly(sessionId);

        // near the absolute end the next token expires with the session, not two hours later
        CLOCK.advance(Duration.ofMinutes(110)); // 3 h 20 min after sign-in: idle expiry would be past the absolute end
        String third = server.refresh(second).json().get("refreshToken").asText();
        assertThat(expiresAt(third)).isEqualTo(loggedIn.plus(Duration.ofHours(5)));
        assertThat(session(sessionId).idleExpiresAt()).isEqualTo(loggedIn.plus(Duration.ofHours(5)));

        CLOCK.advance(Duration.ofMinutes(101));
        assertThat(server.refresh(third).status()).as("past the absolute end").isEqualTo(401);
        assertThat(usedAt(third)).as("a refused refresh changes nothing").isNull();
    }

    private static String sessionOf(String refreshToken) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT session_id::text FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", OpaqueTokens.sha256(refreshToken)).mapTo(String.class).one());
    }

    private static Instant usedAt(String refreshToken) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT used_at FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", OpaqueTokens.sha256(refreshToken)).mapTo(Instant.class).one());
    }

    private static Instant expiresAt(String refreshToken) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT expires_at FROM refresh_tokens WHERE token_hash = :hash")
                .bind("hash", OpaqueTokens.sha256(refreshToken)).mapTo(Instant.class).one());
    }

    private static Session session(String id) {
        return server.jdbi().withHandle(h -> h.createQuery("""
                        SELECT last_used_at, idle_expires_at, absolute_expires_at, user_agent FROM sessions
                        WHERE id = CAST(:id AS uuid)""")
                .bind("id", id)
                .map((rs, ctx) -> new Session(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .one());
    }
}
