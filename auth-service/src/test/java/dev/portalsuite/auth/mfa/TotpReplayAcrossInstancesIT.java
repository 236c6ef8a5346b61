package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import dev.portalsuite.shared.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances on one database: the same authenticator code sent to both at once is accepted exactly once. */
class TotpReplayAcrossInstancesIT {
    private static final TestClock CLOCK = TestClock.ticking(Instant.parse("2026-12-02T09:30:05Z"));
    private static AuthUnderTest first;
    private static AuthUnderTest second;

    @BeforeAll
    static void start() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.createTempFile("mfa-key", ".txt");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key));
        Map<String, String> shared = Map.of("MFA_KEY_FILE", keyFile.toString());
        first = new AuthUnderTest().with(shared).clock(CLOCK).start();
        second = new AuthUnderTest().with(shared).clock(CLOCK).sharingDatabaseWith(first).start();
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
    }

    @Test
    void theSameCodeAtTwoInstancesAtOnceSucceedsExactlyOnce() throws Exception {
        String email = "two-instances@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        MfaClient viaFirst = new MfaClient(first, CLOCK);
        MfaClient viaSecond = new MfaClient(second, CLOCK);
        String secret = viaFirst.enrolTotp(first.newUser(email).get("accessToken").asText()).secret();

        for (int round = 0; round < 5; round++) {
            CLOCK.advance(Duration.ofSeconds(30));
            String tokenA = viaFirst.passwordStep(email, password);
            String tokenB = viaSecond.passwordStep(email, password);
            String code = MfaClient.code(secret, CLOCK.instant());

            List<ApiResponse> responses = Concurrently.run(2, i -> i == 0
                    ? viaFirst.secondStep(tokenA, "totp", code)
                    : viaSecond.secondStep(tokenB, "totp", code));

            assertThat(responses).extracting(ApiResponse::status).containsExactlyInAnyOrder(200, 401);
        }
        assertThat(first.count("""
                SELECT count(*) FROM audit_events WHERE action = 'mfa.challenge_failed' AND email = 'two-instances@example.com'"""))
                .isEqualTo(5);
        assertThat(first.count("""
                SELECT count(*) FROM audit_events WHERE action = 'mfa.challenge_passed' AND email = 'two-instances@example.com'"""))
                .isEqualTo(5);
    }
}
