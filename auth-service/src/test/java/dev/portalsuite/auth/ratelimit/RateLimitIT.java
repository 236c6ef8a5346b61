package dev.portalsuite.auth.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-IP limits on login and register: 10 per sliding 15-minute window, counted in the shared database. */
class RateLimitIT {
    private static final int LIMIT = 10;
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final Map<String, String> LIMITED = Map.of("RATE_LIMIT_AUTH", "10", "RATE_LIMIT_WINDOW", "PT15M");
    private static final AtomicInteger NEXT_USER = new AtomicInteger();

    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest().with(LIMITED);

    @Test
    void aBurstAtAWindowBoundaryCannotPassTwiceTheLimit() {
        long windowMillis = WINDOW.toMillis();
        Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), windowMillis) * windowMillis)
                .minus(Duration.ofDays(1));
        TestClock clock = new TestClock(windowStart.plus(Duration.ofMinutes(14)));
        try (AuthUnderTest target = new AuthUnderTest().with(LIMITED).clock(clock).start()) {
            String ip = AuthUnderTest.freshIp();
            for (int i = 0; i < LIMIT; i++) {
                assertThat(target.login(newEmail(), "Wrong-Password-1", ip).status()).as("login #%d", i + 1).isEqualTo(401);
            }

            // one minute into the next window the last ten still weigh 14/15: a fixed window would let ten more through
            clock.set(windowStart.plus(WINDOW).plus(Duration.ofMinutes(1)));
            ApiResponse refused = target.login(newEmail(), "Wrong-Password-1", ip);
            assertRateLimited(refused);
            // 10 × (1 − 3/15) + 2 = 10: one more request fits at minute 3 of the window, two minutes from now
            assertThat(refused.header("Retry-After")).isEqualTo("120");
            assertThat(target.login(newEmail(), "Wrong-Password-1", AuthUnderTest.freshIp()).status())
                    .as("another address").isEqualTo(401);

            clock.advance(Duration.ofSeconds(121));
            assertThat(target.login(newEmail(), "Wrong-Password-1", ip).status()).as("after Retry-After").isEqualTo(401);
            assertRateLimited(target.login(newEmail(), "Wrong-Password-1", ip));

            // two windows later nothing of the burst counts any more
            clock.set(windowStart.plus(WINDOW.multipliedBy(3)));
            for (int i = 0; i < LIMIT; i++) {
                assertThat(target.login(newEmail(), "Wrong-Password-1", ip).status()).as("fresh #%d", i + 1).isEqualTo(401);
            }
            assertRateLimited(target.login(newEmail(), "Wrong-Password-1", ip));
        }
    }

    @Test
    void eleventhLoginFromOneAddressIsRefusedAndOtherAddressesAreNot() {
        String ip = AuthUnderTest.freshIp();
        String email = newEmail();
        String password = register(server, email, AuthUnderTest.freshIp());

        for (int i = 0; i < LIMIT; i++) {
            // alternate so the email's lockout never interferes
            boolean correct = i % 2 == 1;
            ApiResponse answer = server.login(email, correct ? password : "Wrong-Password-1", ip);
            assertThat(answer.status()).as("login #%d: %s", i + 1, answer).isEqualTo(correct ? 200 : 401);
        }
        assertRateLimited(server.login(email, password, ip));
        // still refused, whatever the credentials: the limit is checked before them
        assertRateLimited(server.login("someone.else@example.com", "Wrong-Password-1", ip));

        ApiResponse other = server.login(email, password, AuthUnderTest.freshIp());
        assertThat(other.status()).as("another address: %s", other).isEqualTo(200);

        assertThat(hits("login|" + ip)).as("counted in the shared database").isGreaterThanOrEqualTo(LIMIT);
    }

    @Test
    void registerIsLimitedTheSameWay() {
        String ip = AuthUnderTest.freshIp();
        for (int i = 0; i < LIMIT; i++) {
            ApiResponse answer = registerFrom(server, newEmail(), "Long-Enough-Pw-" + i, ip);
            assertThat(answer.status()).as("register #%d: %s", i + 1, answer).isEqualTo(201);
        }
        String refusedEmail = newEmail();
        assertRateLimited(registerFrom(server, refusedEmail, "Long-Enough-Pw-x", ip));
        assertThat(server.count("SELECT count(*) FROM users WHERE email = '" + refusedEmail + "'"))
                .as("the refused registration created nothing").isZero();

        ApiResponse other = registerFrom(server, refusedEmail, "Long-Enough-Pw-x", AuthUnderTest.freshIp());
        assertThat(other.status()).as("another address: %s", other).isEqualTo(201);
    }

    @Test
    void badInputDoesNotUseUpTheLimit() {
        String ip = AuthUnderTest.freshIp();
        String email = newEmail();
        String password = register(server, email, AuthUnderTest.freshIp());

        for (int i = 0; i < 3; i++) {
            ApiResponse malformed = server.client().post("/api/auth/login")
                    .header("X-Forwarded-For", ip)
                    .json("{\"email\": \"" + email + "\", \"password\": ")
                    .invalidRequest()
                    .send();
            assertThat(malformed.status()).as("malformed JSON: %s", malformed).isEqualTo(400);
            assertThat(malformed.isProblem()).isTrue();
        }
        ApiResponse missing = server.client().post("/api/auth/login")
                .header("X-Forwarded-For", ip)
                .json("{\"email\":\"" + email + "\"}")
                .invalidRequest()
                .send();
        assertThat(missing.status()).as("missing password: %s", missing).isEqualTo(400);
        ApiResponse notJson = server.client().post("/api/auth/login")
                .header("X-Forwarded-For", ip)
                .body("email=x".getBytes(), "application/x-www-form-urlencoded")
                .invalidRequest()
                .send();
        assertThat(notJson.status()).as("form body: %s", notJson).isEqualTo(415);

        for (int i = 0; i < LIMIT; i++) {
            ApiResponse answer = server.login(email, password, ip);
            assertThat(answer.status()).as("good login #%d after bad input: %s", i + 1, answer).isEqualTo(200);
        }
        assertRateLimited(server.login(email, password, ip));

        // the same for register: malformed JSON and failed validation are free
        String registerIp = AuthUnderTest.freshIp();
        for (int i = 0; i < 2; i++) {
            ApiResponse malformed = server.client().post("/api/auth/register")
                    .header("X-Forwarded-For", registerIp)
                    .json("{\"email\": ")
                    .invalidRequest()
                    .send();
            assertThat(malformed.status()).isEqualTo(400);
        }
        assertThat(registerFrom(server, newEmail(), "short", registerIp).status()).as("too short a password").isEqualTo(400);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(registerFrom(server, newEmail(), "Long-Enough-Pw-" + i, registerIp).status())
                    .as("good register #%d after bad input", i + 1).isEqualTo(201);
        }
        assertRateLimited(registerFrom(server, newEmail(), "Long-Enough-Pw-z", registerIp));
    }

    @Test
    void theLimitHoldsAcrossInstancesOnOneDatabase() {
        try (AuthUnderTest first = new AuthUnderTest().with(LIMITED).start();
             AuthUnderTest second = new AuthUnderTest().database(first.databaseConfig()).with(LIMITED).start()) {
            String email = newEmail();
            String password = register(first, email, AuthUnderTest.freshIp());
            assertThat(second.login(email, password).status()).as("both instances see the same users").isEqualTo(200);

            String ip = AuthUnderTest.freshIp();
            for (int i = 0; i < 5; i++) {
                assertThat(first.login(email, password, ip).status()).as("instance A #%d", i + 1).isEqualTo(200);
                assertThat(second.login(email, password, ip).status()).as("instance B #%d", i + 1).isEqualTo(200);
            }
            assertRateLimited(first.login(email, password, ip));
            assertRateLimited(second.login(email, password, ip));

            assertThat(first.login(email, password, AuthUnderTest.freshIp()).status()).isEqualTo(200);
            assertThat(second.login(email, password, AuthUnderTest.freshIp()).status()).isEqualTo(200);
        }
    }

    private static void assertRateLimited(ApiResponse response) {
        assertThat(response.status()).as("%s", response).isEqualTo(429);
        assertThat(response.isProblem()).isTrue();
        String retryAfter = response.header("Retry-After");
        assertThat(retryAfter).as("Retry-After").isNotNull().matches("\\d+");
        // up to two windows: hits of this window still weigh on the next one
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 2 * WINDOW.toSeconds());
    }

    private long hits(String bucket) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT coalesce(sum(hits), 0) FROM rate_limit_windows WHERE bucket = :b")
                .bind("b", bucket).mapTo(Long.class).one());
    }

    private static String newEmail() {
        return "rl" + NEXT_USER.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
    }

    private static String register(AuthUnderTest target, String email, String ip) {
        String password = "Correct-Horse-" + Math.abs(email.hashCode());
        ApiResponse response = registerFrom(target, email, password, ip);
        assertThat(response.status()).as("register %s: %s", email, response).isEqualTo(201);
        return password;
    }

    private static ApiResponse registerFrom(AuthUnderTest target, String email, String password, String ip) {
        return target.client().post("/api/auth/register")
                .header("X-Forwarded-For", ip)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"Rate Test\"}")
                .send();
    }
}
