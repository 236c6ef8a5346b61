package dev.portalsuite.auth.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.mail.MailCatcher;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The security alerts, each mailed through a real SMTP server (GreenMail), on a clock the test controls. */
class SecurityAlertsIT {
    private static final String NEW_DEVICE = "New sign-in to your Portal Suite account";

    private static MailCatcher catcher;
    private static TestClock clock;
    private static AuthUnderTest auth;

    @BeforeAll
    static void start() {
        catcher = MailCatcher.start();
        clock = TestClock.ticking(Instant.parse("2030-01-15T09:00:00Z"));
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

    private static ApiResponse login(String email, String password, String ip, String userAgent) {
        return auth.client().post("/api/auth/login").header("X-Forwarded-For", ip).header("User-Agent", userAgent)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").send();
    }

    /** Mails of {@code kind} queued for {@code email}: alerts are queued in the transaction of their cause. */
    private static long queued(String kind, String email) {
        return auth.count("SELECT count(*) FROM mail_outbox WHERE kind = '" + kind + "' AND recipient = '" + email + "'");
    }

    @Test
    void aPasswordChangeIsMailedWithWhenAndWhere() {
        String email = "changer@example.com";
        String access = auth.newUser(email).get("accessToken").asText();
        ApiResponse changed = auth.client().post("/api/auth/me/password").bearer(access)
                .header("User-Agent", "Firefox/140 on Linux")
                .json("{\"currentPassword\":\"" + password(email) + "\",\"newPassword\":\"A-changed-passphrase\"}").send();
        assertThat(changed.status()).isEqualTo(204);

        MimeMessage mail = catcher.await(email, "Your Portal Suite password was changed");
        assertThat(MailCatcher.text(mail)).contains("was just changed", "When: 15 January 2030, 09:00 UTC",
                "From address: 127.0.0.1", "Browser or app: Firefox/140 on Linux", "https://console.test/forgot-password");
    }

    @Test
    void aLockedAccountIsToldWhenItUnlocksAndAnUnknownAddressGetsNothing() {
        String email = "guessed@example.com";
        auth.newUser(email);
        for (int i = 0; i < 5; i++) {
            assertThat(auth.login(email, "wrong-guess-" + i).status()).isEqualTo(401);
        }
        MimeMessage mail = catcher.await(email, "Your Portal Suite account was locked");
        assertThat(MailCatcher.text(mail)).contains("too many wrong passwords", "Unlocks at: 15 January 2030, 09:15 UTC");
        assertThat(MailCatcher.html(mail)).contains("<th style=\"text-align: left; padding-right: 1em\">Unlocks at</th>");
        assertThat(auth.login(email, "wrong-guess-again").status()).isEqualTo(423);
        assertThat(queued("account_locked", email)).as("one mail per lock").isEqualTo(1);

        String unknown = "not-registered@example.com";
        for (int i = 0; i < 5; i++) {
            auth.login(unknown, "wrong-guess-" + i);
        }
        assertThat(auth.login(unknown, "another").status()).isEqualTo(423);
        assertThat(auth.count("SELECT count(*) FROM mail_outbox WHERE recipient = '" + unknown + "'")).isZero();
    }

    @Test
    void aSignInFromABrowserOrNetworkNotSeenFor90DaysIsMailed() {
        String email = "traveller@example.com";
        auth.newUser(email); // the first sign-in ever (registration) alerts nobody
        String firefox = "Mozilla/5.0 Firefox/140";
        String chrome = "Mozilla/5.0 Chrome/141";

        assertThat(login(email, password(email), "198.51.100.7", firefox).status()).isEqualTo(200);
        MimeMessage first = catcher.await(email, NEW_DEVICE);
        assertThat(MailCatcher.text(first)).contains("From address: 198.51.100.7", "Browser or app: " + firefox,
                "https://console.test/account/sessions");

        assertThat(login(email, password(email), "198.51.100.201", firefox).status()).as("same /24 network").isEqualTo(200);
        assertThat(queued("new_device", email)).isEqualTo(1);

        assertThat(login(email, password(email), "198.51.100.7", chrome).status()).isEqualTo(200);
        catcher.await(email, 3); // verification mail, first alert, this one
        assertThat(catcher.with(email, NEW_DEVICE)).hasSize(2);
        assertThat(MailCatcher.text(catcher.with(email, NEW_DEVICE).get(1))).contains("Browser or app: " + chrome);

        clock.advance(Duration.ofDays(89));
        assertThat(login(email, password(email), "198.51.100.9", firefox).status()).isEqualTo(200);
        assertThat(queued("new_device", email)).as("seen 89 days ago").isEqualTo(2);

        clock.advance(Duration.ofDays(91));
        assertThat(login(email, password(email), "198.51.100.9", firefox).status()).isEqualTo(200);
        catcher.await(email, 4);
        assertThat(catcher.with(email, NEW_DEVICE)).as("not seen for 91 days").hasSize(3);
        clock.advance(Duration.ofDays(-180));
    }

    @Test
    void networksAreSlash24AndSlash48() {
        assertThat(KnownDevices.networkOf("198.51.100.7")).isEqualTo("198.51.100.0/24");
        assertThat(KnownDevices.networkOf("2001:db8:1234:5678::1")).isEqualTo("2001:db8:1234:0:0:0:0:0/48");
        assertThat(KnownDevices.networkOf("not-an-address")).isEqualTo("not-an-address");
    }
}
