package dev.portalsuite.auth.verification;

import static dev.portalsuite.shared.testing.ProblemAssert.assertCleanProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.mail.MailCatcher;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Email verification by mailed link, against GreenMail; one server as shipped, one with REQUIRE_VERIFIED_EMAIL. */
class EmailVerificationIT {
    private static final String SUBJECT = "Confirm your email address";

    private static MailCatcher catcher;
    private static TestClock clock;
    private static AuthUnderTest auth;
    private static AuthUnderTest strict;

    @BeforeAll
    static void start() {
        catcher = MailCatcher.start();
        clock = TestClock.ticking(Instant.now());
        auth = new AuthUnderTest().with(new HashMap<>(catcher.env())).clock(clock).start();
        Map<String, String> env = new HashMap<>(catcher.env());
        env.put("REQUIRE_VERIFIED_EMAIL", "true");
        strict = new AuthUnderTest().with(env).clock(clock).start();
    }

    @AfterAll
    static void stop() {
        for (AuthUnderTest server : new AuthUnderTest[] {auth, strict}) {
            if (server != null) {
                server.close();
            }
        }
        catcher.close();
    }

    private static ApiResponse verify(AuthUnderTest server, String token) {
        return server.client().post("/api/auth/email/verify").json("{\"token\":\"" + token + "\"}").send();
    }

    private static String token(String email, int n) {
        catcher.await(email, n);
        return MailCatcher.linkParameter(catcher.with(email, SUBJECT).get(n - 1), "/verify-email", "token");
    }

    private static boolean verified(AuthUnderTest server, String accessToken) {
        ApiResponse me = server.client().get("/api/auth/me").bearer(accessToken).send();
        assertThat(me.status()).isEqualTo(200);
        return me.json().get("emailVerified").asBoolean();
    }

    @Test
    void registrationMailsALinkThatVerifiesTheAddressOnce() {
        String email = "new-person@example.com";
        String access = auth.newUser(email).get("accessToken").asText();
        assertThat(verified(auth, access)).isFalse();

        var mail = catcher.await(email, SUBJECT);
        assertThat(MailCatcher.text(mail)).contains("within 48 hours", "https://console.test/verify-email?token=");
        String token = MailCatcher.linkParameter(mail, "/verify-email", "token");
        assertThat(verify(auth, token).status()).isEqualTo(204);
        assertThat(verified(auth, access)).isTrue();

        ApiResponse again = verify(auth, token);
        assertCleanProblem(again, 400);
        assertThat(again.errorFields()).containsExactly("token");
        ApiResponse resend = auth.client().post("/api/auth/me/email/verification").bearer(access).send();
        assertCleanProblem(resend, 409);
        String adminView = auth.client().get("/api/auth/admin/users").bearer(auth.adminToken()).query("q", email).send().body();
        assertThat(adminView).contains("\"emailVerified\":true");
    }

    @Test
    void aNewLinkVoidsTheOldOneAndResendsAreLimited() {
        String email = "resender@example.com";
        String access = auth.newUser(email).get("accessToken").asText();
        String first = token(email, 1);

        ApiResponse resent = auth.client().post("/api/auth/me/email/verification").bearer(access).send();
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body()).isEqualTo("{}");
        String second = token(email, 2);
        assertThat(second).isNotEqualTo(first);
        assertThat(verify(auth, first).errorFields()).containsExactly("token");
        assertThat(verified(auth, access)).isFalse();

        for (int i = 0; i < 4; i++) {
            assertThat(auth.client().post("/api/auth/me/email/verification").bearer(access).send().status()).isEqualTo(202);
        }
        ApiResponse limited = auth.client().post("/api/auth/me/email/verification").bearer(access).send();
        assertCleanProblem(limited, 429);
        String latest = token(email, 6);
        assertThat(verify(auth, latest).status()).isEqualTo(204);
        assertThat(verified(auth, access)).isTrue();
    }

    @Test
    void anExpiredOrForeignLinkIsRefused() {
        String email = "expired-link@example.com";
        String access = auth.newUser(email).get("accessToken").asText();
        String token = token(email, 1);
        clock.advance(Duration.ofHours(49));
        try {
            assertThat(verify(auth, token).errorFields()).containsExactly("token");
        } finally {
            clock.advance(Duration.ofHours(-49));
        }
        assertThat(verify(auth, "x".repeat(43)).errorFields()).containsExactly("token");
        ApiResponse missing = auth.client().post("/api/auth/email/verify").invalidRequest().json("{}").send();
        assertCleanProblem(missing, 400);
        assertThat(missing.errorFields()).containsExactly("token");
        assertThat(verified(auth, access)).isFalse();
    }

    @Test
    void withRequireVerifiedEmailAPasswordSignInWaitsForTheLinkAndTheRefusalMailsANewOne() {
        String email = "must-verify@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        assertThat(strict.register(email, password, "Must Verify").status()).as("registration itself signs in").isEqualTo(201);
        catcher.await(email, 1);

        ApiResponse refused = strict.login(email, password);
        assertCleanProblem(refused, 403);
        assertThat(refused.json().get("detail").asText()).contains("not verified", "verification link", email);
        assertThat(strict.login(email, "a-wrong-password").status()).as("a wrong password learns nothing").isEqualTo(401);
        assertThat(catcher.with(email, SUBJECT)).as("no new link within 5 minutes of the last").hasSize(1);

        clock.advance(Duration.ofMinutes(6));
        try {
            ApiResponse again = strict.login(email, password);
            assertThat(again.status()).isEqualTo(403);
            assertThat(again.json().get("detail").asText()).contains("We have just mailed a new verification link");
            String token = token(email, 2);
            assertThat(verify(strict, token).status()).isEqualTo(204);
            assertThat(strict.login(email, password).status()).isEqualTo(200);
        } finally {
            clock.advance(Duration.ofMinutes(-6));
        }
        assertThat(strict.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).status())
                .as("the bootstrap admin's address counts as verified").isEqualTo(200);
    }
}
