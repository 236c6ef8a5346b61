package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import dev.portalsuite.shared.testing.ProblemAssert;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second step's own failure counter: concurrent guesses, the lock, and independence from the password lockout. */
class MfaLockoutIT {
    private static final TestClock CLOCK = TestClock.ticking(Instant.parse("2026-12-02T09:00:05Z"));
    private static AuthUnderTest server;
    private static MfaClient mfa;

    @BeforeAll
    static void start() {
        server = new AuthUnderTest().with(Map.of()).clock(CLOCK).start();
        mfa = new MfaClient(server, CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String password(String email) {
        return "Correct-Horse-" + email.hashCode();
    }

    private static long audited(String action, String email) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE action = :a AND email = :e")
                .bind("a", action).bind("e", email).mapTo(Long.class).one());
    }

    @Test
    void twentyConcurrentWrongCodesGetAtMostTheLimitCheckedAndLockTheStepButNotThePassword() throws Exception {
        String email = "guesser@example.com";
        String secret = mfa.enrolTotp(server.newUser(email).get("accessToken").asText()).secret();
        CLOCK.advance(Duration.ofSeconds(30));
        String mfaToken = mfa.passwordStep(email, password(email));
        String good = MfaClient.code(secret, CLOCK.instant());
        String wrong = good.equals("000000") ? "000001" : "000000";

        List<ApiResponse> responses = Concurrently.run(20, i -> mfa.secondStep(mfaToken, "totp", wrong));

        long unauthorized = responses.stream().filter(r -> r.status() == 401).count();
        long locked = responses.stream().filter(r -> r.status() == 423).count();
        assertThat(unauthorized + locked).isEqualTo(20);
        assertThat(unauthorized).isEqualTo(5);
        responses.stream().filter(r -> r.status() == 423).forEach(r -> {
            ProblemAssert.assertCleanProblem(r, 423);
            assertThat(r.header("Retry-After")).isNotNull();
        });
        assertThat(audited("mfa.challenge_failed", email)).isEqualTo(5);
        assertThat(audited("mfa.locked", email)).isEqualTo(1);
        assertThat(audited("mfa.refused_locked", email)).isEqualTo(15);

        // locked: even the right code is refused, with how long to wait
        ApiResponse right = mfa.secondStep(mfaToken, "totp", good);
        ProblemAssert.assertCleanProblem(right, 423);
        assertThat(Long.parseLong(right.header("Retry-After"))).isBetween(890L, 900L);

        // the password counter is untouched: the password still works (and asks for the second step)
        assertThat(server.count("SELECT count(*) FROM login_attempts WHERE email = 'guesser@example.com' AND failed_count > 0"))
                .isZero();
        mfa.passwordStep(email, password(email));

        CLOCK.advance(Duration.ofMinutes(15));
        String next = mfa.passwordStep(email, password(email));
        ApiResponse afterLock = mfa.secondStep(next, "totp", MfaClient.code(secret, CLOCK.instant()));
        assertThat(afterLock.status()).as(afterLock.toString()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsNeverLockTheSecondStep() {
        String email = "typo@example.com";
        String secret = mfa.enrolTotp(server.newUser(email).get("accessToken").asText()).secret();
        CLOCK.advance(Duration.ofSeconds(30));
        String mfaToken = mfa.passwordStep(email, password(email));

        for (int i = 0; i < 5; i++) {
            ProblemAssert.assertCleanProblem(server.login(email, "Wrong-Password-" + i), 401);
        }
        ProblemAssert.assertCleanProblem(server.login(email, password(email)), 423);
        assertThat(server.count("SELECT count(*) FROM mfa_attempts")).isZero();

        ApiResponse second = mfa.secondStep(mfaToken, "totp", MfaClient.code(secret, CLOCK.instant()));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(audited("login.locked", email)).isEqualTo(1);
        assertThat(audited("mfa.locked", email)).isZero();
    }
}
