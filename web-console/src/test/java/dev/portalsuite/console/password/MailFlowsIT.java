package dev.portalsuite.console.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.ConsoleUnderTest;
import dev.portalsuite.console.WebClient;
import dev.portalsuite.console.mailbox.Mailbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mail flows through the console with a real SMTP server on loopback (GreenMail) catching auth-service's mails:
 * forgot password → mail → reset page → sign in with the new password; email verification and its resend; the
 * development mailbox page.
 */
class MailFlowsIT {
    private static final AtomicInteger USERS = new AtomicInteger();
    private static GreenMail greenMail;
    private static ConsoleSuite suite;

    @BeforeAll
    static void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        suite = ConsoleSuite.start(Map.of(), Map.of("SMTP_HOST", "127.0.0.1",
                "SMTP_PORT", Integer.toString(greenMail.getSmtp().getPort()), "SMTP_TLS", "none",
                "MAIL_POLL_INTERVAL", "PT0.1S", "MAIL_RETRY_INITIAL", "PT0.2S", "MAIL_RETRY_MAX", "PT0.5S"));
    }

    @AfterAll
    static void stop() {
        suite.close();
        greenMail.stop();
    }

    private String newUser() {
        String email = "mail" + USERS.incrementAndGet() + "@test.dev";
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Mia Mail"), 201);
        return email;
    }

    /** The newest link to {@code path} in a mail to {@code email} whose subject matches, waiting for it to arrive. */
    private static String link(String email, String subjectWord, String path) {
        Pattern pattern = Pattern.compile("https?://[^\\s]+" + Pattern.quote(path) + "\\?token=([A-Za-z0-9_-]+)");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            var messages = greenMail.getReceivedMessages();
            for (int i = messages.length - 1; i >= 0; i--) {
                Mailbox.Mail mail = GreenMailbox.mail(messages[i]);
                if (mail.to().contains(email) && mail.subject().toLowerCase().contains(subjectWord)) {
                    Matcher matcher = pattern.matcher(mail.text());
                    if (matcher.find()) {
                        return path + "?token=" + matcher.group(1);
                    }
                }
            }
            greenMail.waitForIncomingEmail(500, greenMail.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no mail with " + path + " for " + email);
    }

    private static void awaitMails(String email, String subjectWord, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (java.util.Arrays.stream(greenMail.getReceivedMessages()).map(GreenMailbox::mail)
                .filter(mail -> mail.to().contains(email) && mail.subject().toLowerCase().contains(subjectWord))
                .count() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(count + " mails about '" + subjectWord + "' to " + email + " did not arrive");
            }
            greenMail.waitForIncomingEmail(500, greenMail.getReceivedMessages().length + 1);
        }
    }

    @Test
    void forgot_password_mail_reset_page_and_sign_in_with_the_new_password() {
        String email = newUser();
        WebClient web = new WebClient(suite.url());
        WebClient.Page signIn = web.get("/login");
        assertThat(signIn.body()).contains("href=\"/forgot-password\"");

        WebClient.Page sent = web.submit("/forgot-password", "/forgot-password", Map.of("email", email));
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("If that address has an account, we've sent a link");
        WebClient.Page unknown = web.submit("/forgot-password", "/forgot-password", Map.of("email", "nobody-here@test.dev"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(main(unknown.body())).isEqualTo(main(sent.body()).replace(email, "nobody-here@test.dev"));

        String reset = link(email, "password", "/reset-password");
        WebClient.Page form = web.get(reset);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Choose a new password").contains("name=\"newPassword\"");

        WebClient.Page weak = web.post("/reset-password", Map.of("_csrf", form.csrf(), "token", token(reset), "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("field-error");

        String newPassword = "Another-Long-Passphrase-7";
        WebClient.Page done = web.post("/reset-password", Map.of("_csrf", form.csrf(), "token", token(reset), "newPassword", newPassword));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.location()).isEqualTo("/login?done=password-reset");
        assertThat(web.get(done.location()).body()).contains("Sign in with the new one");

        assertThat(web.signIn(email, ConsoleSuite.PASSWORD).status()).isEqualTo(401);
        assertThat(new WebClient(suite.url()).signIn(email, newPassword).status()).isEqualTo(303);

        // the link worked once
        WebClient again = new WebClient(suite.url());
        WebClient.Page reused = again.submit(reset, "/reset-password", Map.of("token", token(reset), "newPassword", "Yet-Another-Passphrase-8"));
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.body()).contains("This link is invalid or has expired").contains("href=\"/forgot-password\"");
    }

    @Test
    void verification_link_landing_page_and_the_unverified_notice_with_resend() {
        String email = newUser();
        link(email, "confirm your email", "/verify-email"); // the registration's mail has arrived
        WebClient web = new WebClient(suite.url());
        web.signInOk(email, ConsoleSuite.PASSWORD);
        WebClient.Page home = web.get("/");
        assertThat(home.body()).contains("is not verified yet").contains("action=\"/account/email/verification\"");

        WebClient.Page resent = web.submit("/", "/account/email/verification", Map.of());
        assertThat(resent.status()).isEqualTo(303);
        assertThat(resent.location()).startsWith("/?done=verification");
        // a new link voids the older one: wait for the second mail, so link() below finds the new one
        awaitMails(email, "confirm your email", 2);

        String verify = link(email, "confirm your email", "/verify-email");
        WebClient.Page landing = web.get(verify);
        assertThat(landing.status()).isEqualTo(200);
        assertThat(landing.body()).contains("Verify my email address");
        // opening the link changes nothing: the button does
        WebClient.Page confirmed = web.post("/verify-email", Map.of("_csrf", landing.csrf(), "token", token(verify)));
        assertThat(confirmed.status()).isEqualTo(303);
        WebClient.Page verified = web.get(confirmed.location());
        assertThat(verified.body()).contains("Your email is verified").doesNotContain("is not verified yet");
        assertThat(web.get("/").body()).doesNotContain("is not verified yet");

        WebClient.Page bad = web.post("/verify-email", Map.of("_csrf", landing.csrf(), "token", "not-a-real-token"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid or has expired");
    }

    @Test
    void the_development_mailbox_lists_caught_mails_with_their_links_and_is_absent_without_a_mailbox() {
        String email = newUser();
        link(email, "confirm your email", "/verify-email");
        ConsoleUnderTest withMailbox = suite.extraConsole(Map.of(), deps -> deps.withMailbox(new GreenMailbox(greenMail)));
        WebClient web = new WebClient(withMailbox.url());
        WebClient.Page mailbox = web.get("/dev/mailbox");
        assertThat(mailbox.status()).isEqualTo(200);
        assertThat(mailbox.body()).contains(email).containsPattern("<a href=\"https?://[^\"]+/verify-email\\?token=");
        assertThat(new WebClient(suite.url()).get("/dev/mailbox").status()).isEqualTo(404);
    }

    @Test
    void the_mail_forms_refuse_a_missing_csrf_token() {
        WebClient web = new WebClient(suite.url());
        Map<String, String> sameSite = Map.of("Origin", suite.url(), "Sec-Fetch-Site", "same-origin");
        assertThat(web.post("/forgot-password", Map.of("email", "x@test.dev"), sameSite).status()).isEqualTo(403);
        assertThat(web.post("/reset-password", Map.of("token", "t", "newPassword", "whatever-long-1"), sameSite).status()).isEqualTo(403);
        assertThat(web.post("/verify-email", Map.of("token", "t"), sameSite).status()).isEqualTo(403);
    }

    private static String token(String link) {
        return link.substring(link.indexOf("token=") + 6);
    }

    /** The page's main content (the layout's CSRF token differs between responses). */
    private static String main(String body) {
        return body.substring(body.indexOf("<main"), body.indexOf("</main>"));
    }
}
