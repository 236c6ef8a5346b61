package dev.portalsuite.auth.password;

import static dev.portalsuite.shared.testing.ProblemAssert.assertCleanProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.mail.MailCatcher;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Forgot password → mail → reset, against a real SMTP server (GreenMail) and a clock the test moves. */
class PasswordResetIT {
    private static final String RESET_SUBJECT = "Reset your Portal Suite password";
    private static final String CHANGED_SUBJECT = "Your Portal Suite password was changed";

    private static MailCatcher catcher;
    private static TestClock clock;
    private static AuthUnderTest auth;

    @BeforeAll
    static void start() {
        catcher = MailCatcher.start();
        clock = TestClock.ticking(Instant.now());
        auth = new AuthUnderTest().with(new HashMap<>(catcher.env())).clock(clock).start();
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
        catcher.close();
    }

    private static String password(String email) {
        return "Correct-Horse-" + email.hashCode();
    }

    private static ApiResponse forgot(String email) {
        return auth.client().post("/api/auth/password/forgot").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json("{\"email\":\"" + email + "\"}").send();
    }

    private static ApiResponse reset(String token, String newPassword) {
        return auth.client().post("/api/auth/password/reset")
                .json("{\"token\":\"" + token + "\",\"newPassword\":\"" + newPassword + "\"}").send();
    }

    /** Asks for a link and returns the token of the {@code n}-th reset mail to {@code email}. */
    private static String resetToken(String email, int n) {
        assertThat(forgot(email).status()).isEqualTo(202);
        await("reset mail #" + n + " to " + email, () -> catcher.with(email, RESET_SUBJECT).size() >= n);
        return MailCatcher.linkParameter(catcher.with(email, RESET_SUBJECT).get(n - 1), "/reset-password", "token");
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double passwordChecks() {
        String metrics = auth.client().get("/metrics").outsideContract().send().body();
        return metrics.lines().filter(l -> l.startsWith("auth_password_checks_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long auditCount(String action, String email) {
        return auth.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE action = :a AND email = :e")
                .bind("a", action).bind("e", email).mapTo(Long.class).one());
    }

    private static String passwordHash(String email) {
        return auth.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE email = :e")
                .bind("e", email).mapTo(String.class).one());
    }

    @Test
    void theMailedLinkResetsThePasswordOnceAndEndsEveryOldSession() {
        String email = "forgetful@example.com";
        JsonNode registered = auth.newUser(email);
        JsonNode secondSession = auth.login(email, password(email)).json();

        ApiResponse accepted = forgot(email);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body()).isEqualTo("{}");
        MimeMessage mail = catcher.await(email, RESET_SUBJECT);
        assertThat(MailCatcher.text(mail)).contains("within 30 minutes", "https://console.test/reset-password?token=");
        String token = MailCatcher.linkParameter(mail, "/reset-password", "token");
        assertThat(token).hasSize(43);

        assertThat(reset(token, "A-brand-new-passphrase").status()).isEqualTo(204);

        assertThat(auth.login(email, password(email)).status()).as("old password").isEqualTo(401);
        assertThat(auth.login(email, "A-brand-new-passphrase").status()).isEqualTo(200);
        for (JsonNode session : new JsonNode[] {registered, secondSession}) {
            assertThat(auth.refresh(session.get("refreshToken").asText()).status()).isEqualTo(401);
            assertThat(auth.client().get("/api/auth/me").bearer(session.get("accessToken").asText()).send().status())
                    .isEqualTo(401);
        }
        MimeMessage changed = catcher.await(email, CHANGED_SUBJECT);
        assertThat(MailCatcher.text(changed)).contains("was just changed");
        assertThat(auditCount("password.reset", email)).isEqualTo(1);

        String hashAfter = passwordHash(email);
        ApiResponse again = reset(token, "Yet-another-passphrase");
        assertCleanProblem(again, 400);
        assertThat(again.errorFields()).containsExactly("token");
        assertThat(passwordHash(email)).as("a second use changes nothing").isEqualTo(hashAfter);
        assertThat(auth.login(email, "A-brand-new-passphrase").status()).isEqualTo(200);
    }

    @Test
    void anExpiredLinkIsRefusedAndChangesNothing() {
        String email = "slow@example.com";
        auth.newUser(email);
        String token = resetToken(email, 1);
        String hashBefore = passwordHash(email);

        clock.advance(Duration.ofMinutes(31));
        try {
            ApiResponse late = reset(token, "Too-late-passphrase");
            assertCleanProblem(late, 400);
            assertThat(late.errorFields()).containsExactly("token");
        } finally {
            clock.advance(Duration.ofMinutes(-31));
        }
        assertThat(passwordHash(email)).isEqualTo(hashBefore);
        assertThat(auth.login(email, password(email)).status()).isEqualTo(200);
    }

    @Test
    void aNewerLinkVoidsTheOlderOneAndTokensOfOtherKindsOrAccountsDoNotCount() {
        String email = "twice@example.com";
        String other = "bystander@example.com";
        auth.newUser(email);
        auth.newUser(other);
        String older = resetToken(email, 1);
        String newer = resetToken(email, 2);
        String hashBefore = passwordHash(email);
        String otherHashBefore = passwordHash(other);

        assertThat(reset(older, "Older-link-passphrase").errorFields()).containsExactly("token");
        // the verification link mailed at registration is a token of another kind (and of the other account)
        String verification = MailCatcher.linkParameter(catcher.await(other, "Confirm your email"), "/verify-email", "token");
        assertThat(reset(verification, "Wrong-kind-passphrase").errorFields()).containsExactly("token");
        assertThat(reset("not-a-token-at-all", "Unknown-token-pass").errorFields()).containsExactly("token");
        assertThat(reset(newer.substring(0, 42) + (newer.charAt(42) == 'A' ? 'B' : 'A'), "Almost-the-token").errorFields())
                .containsExactly("token");
        assertThat(passwordHash(email)).isEqualTo(hashBefore);
        assertThat(passwordHash(other)).isEqualTo(otherHashBefore);

        assertThat(reset(newer, "Newest-link-passphrase").status()).isEqualTo(204);
        assertThat(passwordHash(other)).as("the other account is untouched").isEqualTo(otherHashBefore);
        assertThat(auth.login(other, password(other)).status()).isEqualTo(200);
    }

    @Test
    void aRefusedNewPasswordChangesNothingAndLeavesTheLinkUsable() {
        String email = "weak@example.com";
        auth.newUser(email);
        String token = resetToken(email, 1);

        ApiResponse weak = reset(token, "short");
        assertCleanProblem(weak, 400);
        assertThat(weak.errorFields()).containsExactly("newPassword");
        ApiResponse sameAsEmail = reset(token, email);
        assertThat(sameAsEmail.errorFields()).containsExactly("newPassword");
        ApiResponse missing = auth.client().post("/api/auth/password/reset").invalidRequest().json("{}").send();
        assertCleanProblem(missing, 400);
        assertThat(missing.errorFields()).containsExactly("token", "newPassword");
        assertThat(auth.login(email, password(email)).status()).isEqualTo(200);

        assertThat(reset(token, "Strong-enough-passphrase").status()).isEqualTo(204);
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndCostsTheSameHashesAndNoMailGoesOut() {
        String known = "known@example.com";
        String unknown = "nobody-here@example.com";
        auth.newUser(known);

        double before = passwordChecks();
        ApiResponse forKnown = forgot(known);
        catcher.await(known, RESET_SUBJECT);
        double afterKnown = passwordChecks();
        ApiResponse forUnknown = forgot(unknown);
        await("the unknown request handled", () -> auditCount("password.reset_requested", unknown) == 1);
        double afterUnknown = passwordChecks();

        assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.body()).isEqualTo(forKnown.body()).isEqualTo("{}");
        assertThat(forUnknown.contentType()).isEqualTo(forKnown.contentType());
        assertThat(afterUnknown - afterKnown).as("hash computations for an unknown address")
                .isEqualTo(afterKnown - before);
        assertThat(catcher.to(unknown)).isEmpty();
        assertThat(auth.count("SELECT count(*) FROM mail_outbox WHERE recipient = '" + unknown + "'")).isZero();
    }

    @Test
    void anAccountWithoutAPasswordIsToldHowItSignsIn() {
        String email = "google-only@example.com";
        UUID id = UUID.randomUUID();
        auth.jdbi().useHandle(h -> {
            h.execute("INSERT INTO users (id, email, full_name, password_hash, created_at, updated_at) VALUES (?, ?, 'Gina', NULL, now(), now())",
                    id, email);
            h.execute("INSERT INTO user_identities (provider, subject, user_id, email, created_at) VALUES ('google', 'g-1', ?, ?, now())",
                    id, email);
        });
        assertThat(forgot(email).status()).isEqualTo(202);
        MimeMessage mail = catcher.await(email, "How you sign in");
        assertThat(MailCatcher.text(mail)).contains("This account has no password: you sign in with Google.")
                .doesNotContain("reset-password");
        assertThat(auth.count("SELECT count(*) FROM password_reset_tokens WHERE user_id = '" + id + "'")).isZero();
    }

    @Test
    void aResetClearsTheLockout() {
        String email = "locked-out@example.com";
        auth.newUser(email);
        for (int i = 0; i < 5; i++) {
            auth.login(email, "wrong-password-" + i);
        }
        assertThat(auth.login(email, password(email)).status()).isEqualTo(423);
        String token = resetToken(email, 1);

        assertThat(reset(token, "Unlocked-passphrase").status()).isEqualTo(204);
        assertThat(auth.login(email, "Unlocked-passphrase").status()).isEqualTo(200);
    }

    @Test
    void requestsAreLimitedPerAddressWhetherOrNotItIsRegistered() {
        for (String email : new String[] {"flooded@example.com", "flooded-unknown@example.com"}) {
            for (int i = 0; i < 5; i++) {
                assertThat(forgot(email).status()).isEqualTo(202);
            }
            ApiResponse refused = forgot(email);
            assertCleanProblem(refused, 429);
            assertThat(refused.json().get("detail").asText()).isEqualTo("Too many reset requests for this address; try again later.");
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
        ApiResponse bad = auth.client().post("/api/auth/password/forgot").json("{\"email\":\"not-an-address\"}").send();
        assertCleanProblem(bad, 400);
        assertThat(bad.errorFields()).containsExactly("email");
    }

    @Test
    void requestsAreLimitedPerClientAddressToo() {
        try (AuthUnderTest limited = new AuthUnderTest().with(Map.of("RATE_LIMIT_AUTH", "3")).start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(limited.client().post("/api/auth/password/forgot").header("X-Forwarded-For", "192.0.2.77")
                        .json("{\"email\":\"someone" + i + "@example.com\"}").send().status()).isEqualTo(202);
            }
            ApiResponse refused = limited.client().post("/api/auth/password/forgot").header("X-Forwarded-For", "192.0.2.77")
                    .json("{\"email\":\"someone-else@example.com\"}").send();
            assertCleanProblem(refused, 429);
            assertThat(limited.client().post("/api/auth/password/forgot").header("X-Forwarded-For", "192.0.2.78")
                    .json("{\"email\":\"someone-else@example.com\"}").send().status()).isEqualTo(202);
        }
    }

    @Test
    void lineBreaksInAStoredNameNeverReachTheMailHeaders() throws Exception {
        String email = "mallory@example.com";
        auth.newUser(email);
        auth.jdbi().useHandle(h -> h.execute("UPDATE users SET full_name = ? WHERE email = ?",
                "Mallory\r\nBcc: evil@attacker.test\r\nX-Injected: yes", email));
        resetToken(email, 1);
        MimeMessage mail = catcher.await(email, RESET_SUBJECT);
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(Collections.list(mail.getAllHeaderLines())).noneMatch(l -> l.startsWith("Bcc") || l.startsWith("X-Injected"));
        assertThat(MailCatcher.recipients(mail)).containsExactly(email);
        Thread.sleep(300);
        assertThat(catcher.to("evil@attacker.test")).isEmpty();
    }
}
