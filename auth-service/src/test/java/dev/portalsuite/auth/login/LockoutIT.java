package dev.portalsuite.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lockout after consecutive wrong passwords (at login or password change), keyed by normalised email whether or
 * not an account exists.
 */
class LockoutIT {
    private static final String WRONG = "Wrong-Password-123";
    private static final int MAX_FAILURES = 5;

    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest().with(Map.of("LOCKOUT_MAX_FAILURES", "5", "LOCKOUT_DURATION", "PT2S"));

    @Test
    void fiveFailuresLockTheAccountUntilTheLockRunsOut() throws Exception {
        String email = "lock.me@example.com";
        String password = register(server, email);

        for (int i = 1; i <= MAX_FAILURES; i++) {
            ApiResponse failed = server.login(email, WRONG);
            assertInvalidCredentials(failed, "wrong password #" + i);
        }
        ApiResponse locked = server.login(email, password);
        assertLocked(locked);
        assertThat(lockedRows(server, email)).as("login_attempts row is locked").isEqualTo(1);

        // wait the lock out (2 s); bounded
        ApiResponse afterLock = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            afterLock = server.login(email, password);
            if (afterLock.status() != 423) {
                break;
            }
            assertLocked(afterLock);
        }
        assertThat(afterLock).isNotNull();
        assertThat(afterLock.status()).as("correct password after the lock expired: %s", afterLock).isEqualTo(200);
        assertThat(afterLock.json().get("user").get("email").asText()).isEqualTo(email);
        assertThat(server.count("SELECT count(*) FROM login_attempts WHERE email = '" + email + "'"))
                .as("a successful login clears the count").isZero();

        // the count was reset: one wrong password is an ordinary 401, and so are the next three
        for (int i = 1; i < MAX_FAILURES; i++) {
            assertInvalidCredentials(server.login(email, WRONG), "wrong password after reset #" + i);
        }
        assertThat(server.login(email, password).status()).as("4 failures do not lock").isEqualTo(200);

        assertThat(auditCount(server, "login.failed", email)).isEqualTo(MAX_FAILURES + MAX_FAILURES - 1);
        assertThat(auditCount(server, "login.locked", email)).isEqualTo(1);
        assertThat(auditCount(server, "login.refused_locked", email)).isGreaterThanOrEqualTo(1);
        assertThat(auditCount(server, "login.succeeded", email)).isEqualTo(2);
        // the failed and locked events of an existing account are tied to it
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action IN ('login.failed', 'login.locked') AND email = '"
                + email + "' AND user_id IS NULL")).isZero();
    }

    @Test
    void successResetsTheCountBeforeTheLimit() {
        String email = "resets@example.com";
        String password = register(server, email);
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < MAX_FAILURES; i++) {
                assertInvalidCredentials(server.login(email, WRONG), "round " + round + " wrong #" + i);
            }
            assertThat(server.login(email, password).status()).as("round %d: correct password", round).isEqualTo(200);
        }
        assertThat(auditCount(server, "login.locked", email)).isZero();
    }

    @Test
    void unknownEmailAnswersExactlyLikeAKnownOne() {
        String known = "known.user@example.com";
        register(server, known);
        String unknown = "nobody.here@example.com";

        List<ApiResponse> knownAnswers = new ArrayList<>();
        List<ApiResponse> unknownAnswers = new ArrayList<>();
        List<Double> knownChecks = new ArrayList<>();
        List<Double> unknownChecks = new ArrayList<>();
        for (int i = 0; i <= MAX_FAILURES; i++) {
            double before = bcryptVerifications();
            knownAnswers.add(server.login(known, WRONG));
            double between = bcryptVerifications();
            unknownAnswers.add(server.login(unknown, WRONG));
            knownChecks.add(between - before);
            unknownChecks.add(bcryptVerifications() - between);
        }
        // the same cost, counted rather than timed: one bcrypt verification per checked guess, none once locked
        assertThat(unknownChecks).isEqualTo(knownChecks).containsExactly(1.0, 1.0, 1.0, 1.0, 1.0, 0.0);
        List<Integer> expected = List.of(401, 401, 401, 401, 401, 423);
        assertThat(knownAnswers).extracting(ApiResponse::status).containsExactlyElementsOf(expected);
        assertThat(unknownAnswers).extracting(ApiResponse::status).containsExactlyElementsOf(expected);
        for (int i = 0; i <= MAX_FAILURES; i++) {
            ApiResponse k = knownAnswers.get(i);
            ApiResponse u = unknownAnswers.get(i);
            assertThat(u.header("Retry-After") != null).as("Retry-After presence #%d", i).isEqualTo(k.header("Retry-After") != null);
            assertThat(u.json().get("title").asText()).isEqualTo(k.json().get("title").asText());
            assertThat(u.json().get("detail").asText()).isEqualTo(k.json().get("detail").asText());
            assertThat(u.header("WWW-Authenticate")).isEqualTo(k.header("WWW-Authenticate"));
        }
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertInvalidCredentials(unknownAnswers.get(i), "unknown #" + i);
        }
        assertLocked(unknownAnswers.get(MAX_FAILURES));
        assertLocked(knownAnswers.get(MAX_FAILURES));

        // the case-insensitive, trimmed email counts against the same key
        assertThat(server.login("  NOBODY.Here@Example.com ", WRONG).status()).isEqualTo(423);

        assertThat(auditCount(server, "login.failed", unknown)).isEqualTo(MAX_FAILURES);
        assertThat(auditCount(server, "login.locked", unknown)).isEqualTo(1);
        assertThat(auditCount(server, "login.failed", known)).isEqualTo(MAX_FAILURES);
        assertThat(auditCount(server, "login.locked", known)).isEqualTo(1);
    }

    @Test
    void concurrentGuessesNeverGetMoreThanTheLimitChecked() throws Exception {
        // its own server: a 2 s lock could run out before the checks below on a busy machine,
        // and a long queue wait keeps the bcrypt gate from answering 503 with cost 4
        try (AuthUnderTest concurrent = new AuthUnderTest().with(Map.of(
                "LOCKOUT_MAX_FAILURES", "5", "LOCKOUT_DURATION", "PT10M", "BCRYPT_QUEUE_WAIT", "PT30S")).start()) {
            String email = "target@example.com";
            String password = register(concurrent, email);

            List<ApiResponse> answers = Concurrently.run(20, i -> concurrent.login(email, WRONG + i, AuthUnderTest.freshIp()));
            List<Integer> statuses = answers.stream().map(ApiResponse::status).toList();
            long unauthorized = answers.stream().filter(r -> r.status() == 401).count();
            long locked = answers.stream().filter(r -> r.status() == 423).count();
            long busy = answers.stream().filter(r -> r.status() == 503).count();

            assertThat(unauthorized).as("guesses checked: %s", statuses).isLessThanOrEqualTo(MAX_FAILURES);
            assertThat(unauthorized + locked + busy).as("every answer is 401, 423 or 503: %s", statuses).isEqualTo(20);
            if (busy == 0) {
                assertThat(unauthorized).as("all five attempts were used").isEqualTo(MAX_FAILURES);
            }
            answers.stream().filter(r -> r.status() == 401).forEach(r -> assertInvalidCredentials(r, "concurrent"));
            answers.stream().filter(r -> r.status() == 423).forEach(LockoutIT::assertLocked);

            assertThat(lockedRows(concurrent, email)).as("login_attempts row ends locked").isEqualTo(1);
            assertLocked(concurrent.login(email, password));

            assertThat(auditCount(concurrent, "login.failed", email))
                    .as("one login.failed per checked guess").isEqualTo(unauthorized).isLessThanOrEqualTo(MAX_FAILURES);
            assertThat(auditCount(concurrent, "login.locked", email)).isEqualTo(1);
        }
    }

    @Test
    void wrongCurrentPasswordsOnPasswordChangeCountTowardsTheSameLockout() {
        try (AuthUnderTest target = new AuthUnderTest().with(Map.of("LOCKOUT_MAX_FAILURES", "5", "LOCKOUT_DURATION", "PT10M")).start()) {
            String email = "changer@example.com";
            String password = register(target, email);
            String access = target.login(email, password).json().get("accessToken").asText();
            String hashBefore = passwordHash(target, email);

            for (int i = 1; i < MAX_FAILURES; i++) {
                ApiResponse wrong = changePassword(target, access, WRONG + i, "Brand-New-Secret-9");
                assertThat(wrong.status()).as("wrong current password #%d: %s", i, wrong).isEqualTo(400);
                assertThat(wrong.errorFields()).containsExactly("currentPassword");
                assertThat(wrong.header("Retry-After")).isNull();
            }
            // the fifth failure, a login this time, locks the email for both
            assertInvalidCredentials(target.login(email, WRONG), "fifth failure");
            assertThat(lockedRows(target, email)).isEqualTo(1);

            ApiResponse refused = changePassword(target, access, password, "Brand-New-Secret-9");
            assertLocked(refused);
            assertLocked(target.login(email, password));
            assertThat(passwordHash(target, email)).as("nothing changed while locked").isEqualTo(hashBefore);

            assertThat(auditCount(target, "password.change_failed", email)).isEqualTo(MAX_FAILURES - 1);
            assertThat(auditCount(target, "login.failed", email)).isEqualTo(1);
            assertThat(auditCount(target, "login.locked", email)).isEqualTo(1);
            assertThat(auditCount(target, "password.change_refused_locked", email)).isEqualTo(1);
            assertThat(auditCount(target, "password.changed", email)).isZero();

            // an administrator's unlock lets the right password through again, and a success clears the count
            String admin = target.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).json().get("accessToken").asText();
            String userId = target.jdbi().withHandle(h -> h.createQuery("SELECT id::text FROM users WHERE email = :email")
                    .bind("email", email).mapTo(String.class).one());
            assertThat(target.client().post("/api/auth/admin/users/" + userId + "/unlock").bearer(admin).send().status())
                    .isEqualTo(204);
            assertThat(changePassword(target, access, WRONG, "Brand-New-Secret-9").status()).isEqualTo(400);
            assertThat(changePassword(target, access, password, "Brand-New-Secret-9").status()).isEqualTo(204);
            assertThat(target.count("SELECT count(*) FROM login_attempts WHERE email = '" + email + "'")).isZero();
            assertThat(target.login(email, "Brand-New-Secret-9").status()).isEqualTo(200);
        }
    }

    @Test
    void concurrentPasswordChangeGuessesNeverGetMoreThanTheLimitChecked() throws Exception {
        try (AuthUnderTest target = new AuthUnderTest().with(Map.of(
                "LOCKOUT_MAX_FAILURES", "5", "LOCKOUT_DURATION", "PT10M", "BCRYPT_QUEUE_WAIT", "PT30S")).start()) {
            String email = "stolen.token@example.com";
            String password = register(target, email);
            String access = target.login(email, password).json().get("accessToken").asText();
            String hashBefore = passwordHash(target, email);

            List<ApiResponse> answers = Concurrently.run(20,
                    i -> changePassword(target, access, WRONG + i, "Brand-New-Secret-9"));
            List<Integer> statuses = answers.stream().map(ApiResponse::status).toList();
            long checked = statuses.stream().filter(s -> s == 400).count();
            long locked = statuses.stream().filter(s -> s == 423).count();
            long busy = statuses.stream().filter(s -> s == 503).count();

            assertThat(checked).as("guesses checked: %s", statuses).isLessThanOrEqualTo(MAX_FAILURES);
            assertThat(checked + locked + busy).as("every answer is 400, 423 or 503: %s", statuses).isEqualTo(20);
            answers.stream().filter(r -> r.status() == 423).forEach(LockoutIT::assertLocked);
            assertThat(auditCount(target, "password.change_failed", email)).isEqualTo(checked);
            if (busy == 0) {
                assertThat(checked).as("all five attempts were used").isEqualTo(MAX_FAILURES);
                assertThat(lockedRows(target, email)).isEqualTo(1);
                assertLocked(target.login(email, password));
            }
            assertThat(passwordHash(target, email)).isEqualTo(hashBefore);
        }
    }

    /**
     * Like Active Directory's "reset account lockout counter after": failures older than the lock duration are
     * forgotten, so a count abandoned for that long starts afresh; failures closer together add up.
     */
    @Test
    void theCountStartsAfreshAfterTheLockDurationWithoutAttempts() {
        Duration lockDuration = Duration.ofMinutes(15);
        TestClock clock = new TestClock(Instant.parse("2030-01-06T09:00:00Z"));
        try (AuthUnderTest timed = new AuthUnderTest().with(Map.of(
                "LOCKOUT_MAX_FAILURES", "5", "LOCKOUT_DURATION", lockDuration.toString())).clock(clock).start()) {
            String quiet = "quiet.spell@example.com";
            String quietPassword = register(timed, quiet);
            String steady = "steady.guesser@example.com";
            String steadyPassword = register(timed, steady);

            for (int i = 1; i < MAX_FAILURES; i++) {
                assertInvalidCredentials(timed.login(quiet, WRONG), "quiet: wrong #" + i);
                assertInvalidCredentials(timed.login(steady, WRONG), "steady: wrong #" + i);
            }
            assertThat(failedCount(timed, quiet)).isEqualTo(MAX_FAILURES - 1);

            // just inside the duration: the fifth failure locks
            clock.advance(lockDuration.minusSeconds(1));
            assertInvalidCredentials(timed.login(steady, WRONG), "steady: fifth wrong");
            assertLocked(timed.login(steady, steadyPassword));
            assertThat(auditCount(timed, "login.locked", steady)).isEqualTo(1);

            // a full duration after the last failure: the count starts again at one
            clock.advance(Duration.ofSeconds(1));
            assertInvalidCredentials(timed.login(quiet, WRONG), "quiet: first wrong after the quiet spell");
            assertThat(failedCount(timed, quiet)).isEqualTo(1);
            for (int i = 2; i < MAX_FAILURES; i++) {
                assertInvalidCredentials(timed.login(quiet, WRONG), "quiet: wrong #" + i + " after the quiet spell");
            }
            assertThat(failedCount(timed, quiet)).isEqualTo(MAX_FAILURES - 1);
            assertThat(timed.login(quiet, quietPassword).status()).as("8 failures in two spells do not lock").isEqualTo(200);
            assertThat(auditCount(timed, "login.failed", quiet)).isEqualTo(2 * (MAX_FAILURES - 1));
            assertThat(auditCount(timed, "login.locked", quiet)).isZero();
        }
    }

    private static int failedCount(AuthUnderTest target, String email) {
        return target.jdbi().withHandle(h -> h.createQuery("SELECT failed_count FROM login_attempts WHERE email = :email")
                .bind("email", email).mapTo(Integer.class).one());
    }

    private static ApiResponse changePassword(AuthUnderTest target, String access, String current, String next) {
        return target.client().post("/api/auth/me/password").bearer(access)
                .json("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}").send();
    }

    private static String passwordHash(AuthUnderTest target, String email) {
        return target.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = :email")
                .bind("email", email).mapTo(String.class).one());
    }

    private static String register(AuthUnderTest target, String email) {
        String password = "Correct-Horse-" + Math.abs(email.hashCode());
        ApiResponse response = target.client().post("/api/auth/register")
                .header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"Lock Test\"}")
                .send();
        assertThat(response.status()).as("register %s: %s", email, response).isEqualTo(201);
        return password;
    }

    private static void assertInvalidCredentials(ApiResponse response, String what) {
        assertThat(response.status()).as("%s: %s", what, response).isEqualTo(401);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("detail").asText()).isEqualTo("Invalid credentials.");
        assertThat(response.header("Retry-After")).isNull();
    }

    private static void assertLocked(ApiResponse response) {
        assertThat(response.status()).as("%s", response).isEqualTo(423);
        assertThat(response.isProblem()).isTrue();
        String retryAfter = response.header("Retry-After");
        assertThat(retryAfter).as("Retry-After").isNotNull().matches("\\d+");
        assertThat(Long.parseLong(retryAfter)).isGreaterThanOrEqualTo(1);
    }

    /** bcrypt verifications done so far, from the service's own /metrics. */
    private static double bcryptVerifications() {
        String metrics = server.client().get("/metrics").send().body();
        Matcher line = Pattern.compile("(?m)^auth_password_checks_total\\{[^}]*operation=\"verify\",outcome=\"done\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static long lockedRows(AuthUnderTest target, String email) {
        return target.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM login_attempts WHERE email = :email AND locked_until > now()")
                .bind("email", email).mapTo(Long.class).one());
    }

    private static long auditCount(AuthUnderTest target, String action, String email) {
        return target.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM audit_events WHERE action = :action AND email = :email")
                .bind("action", action).bind("email", email).mapTo(Long.class).one());
    }
}
