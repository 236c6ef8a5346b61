package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.mail.MailCatcher;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Security alerts of the second factor, mailed through a real SMTP server (GreenMail): added, used, removed. */
class MfaAlertsIT {
    private static final String CHANGED = "A sign-in factor of your Portal Suite account changed";

    private static MailCatcher catcher;
    private static TestClock clock;
    private static AuthUnderTest auth;

    @BeforeAll
    static void start() {
        catcher = MailCatcher.start();
        clock = TestClock.ticking(Instant.parse("2030-02-01T10:00:00Z"));
        Map<String, String> env = new HashMap<>(catcher.env());
        env.put("STEP_UP_REQUIRED", "true");
        auth = new AuthUnderTest().with(env).clock(clock).start();
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
        catcher.close();
    }

    @Test
    void addingAnAuthenticatorUsingARecoveryCodeAndRemovingTheFactorAreEachMailed() {
        String email = "factor-alerts@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        String access = auth.newUser(email).get("accessToken").asText();
        MfaClient mfa = new MfaClient(auth, clock);

        MfaClient.Enrolled enrolled = mfa.enrolTotp(access);
        MimeMessage added = catcher.await(email, CHANGED);
        assertThat(MailCatcher.text(added)).contains("an authenticator app was added as a second factor",
                "When: 1 February 2030", "https://console.test/account/security");
        assertThat(MailCatcher.text(added)).as("no secret in the mail").doesNotContain(enrolled.secret())
                .doesNotContain(enrolled.recoveryCodes().get(0));

        ApiResponse signedIn = mfa.secondStep(mfa.passwordStep(email, password), "recovery",
                enrolled.recoveryCodes().get(0));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
        MimeMessage used = catcher.await(email, "A recovery code of your Portal Suite account was used");
        assertThat(MailCatcher.text(used)).contains("9 codes are left").doesNotContain(enrolled.recoveryCodes().get(0));

        clock.advance(java.time.Duration.ofSeconds(31)); // a fresh authenticator period for the step-up code
        String stepped = mfa.stepUp(signedIn.json().get("accessToken").asText(), "totp",
                MfaClient.code(enrolled.secret(), clock.instant())).json().get("accessToken").asText();
        ApiResponse removed = auth.client().delete("/api/auth/me/mfa/totp").bearer(stepped).send();
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        assertThat(secondChangeMail(email)).contains("the authenticator app was removed as a second factor");
    }

    private static String secondChangeMail(String email) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (catcher.with(email, CHANGED).size() < 2 && java.time.Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(catcher.with(email, CHANGED)).as("a second factor-change mail").hasSize(2);
        return MailCatcher.text(catcher.with(email, CHANGED).get(1));
    }
}
