package dev.portalsuite.auth.invite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.mail.MailCatcher;
import dev.portalsuite.auth.oidc.FakeProvider;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.portal.PortalConfig;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invite mails against GreenMail and a real portal-service (for the organisation's name and the scope check);
 * also the accounts whose address counts as verified without a mailed link (invite, Google).
 */
class InviteMailIT {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static MailCatcher catcher;
    private static FakeProvider provider;
    private static AuthUnderTest auth;
    private static PortalApp portal;
    private static ApiClient portalApi;
    private static String admin;

    @BeforeAll
    static void start() throws IOException {
        catcher = MailCatcher.start();
        provider = new FakeProvider();
        int portalPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            portalPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(catcher.env());
        env.putAll(provider.env(false));
        env.put("PORTAL_URL", "http://127.0.0.1:" + portalPort);
        auth = new AuthUnderTest().with(env).start();
        DatabaseConfig portalDb = TestPostgres.newDatabase();
        PortalConfig portalConfig = PortalConfig.fromEnv(new Env(Map.of(
                "DATABASE_URL", portalDb.jdbcUrl(), "DATABASE_USER", portalDb.user(),
                "DATABASE_PASSWORD", portalDb.password(), "HOST", "127.0.0.1", "PORT", Integer.toString(portalPort))));
        TokenVerifier verifier = TokenVerifier.withJwks(URI.create(auth.url() + "/.well-known/jwks.json"),
                portalConfig.common().jwt(), Clock.systemUTC());
        portal = PortalApp.create(portalConfig, new PortalApp.Deps(Clock.systemUTC(), verifier)).start();
        portalApi = new ApiClient("http://127.0.0.1:" + portal.port(), PortalApp.OPENAPI);
        admin = auth.adminToken();
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portalApi.assertNoViolations();
            portal.close();
        }
        if (auth != null) {
            auth.close();
        }
        provider.close();
        catcher.close();
    }

    private static ApiResponse invite(String email, String role, String orgId) {
        String org = orgId == null ? "" : ",\"orgId\":\"" + orgId + "\"";
        return auth.client().post("/api/auth/invites").bearer(admin)
                .json("{\"email\":\"" + email + "\",\"role\":\"" + role + "\"" + org + "}").send();
    }

    @Test
    void theInviteeIsMailedWhoInvitedThemToWhichOrganisationAndRoleUntilWhenAndTheLinkWorks() {
        ApiResponse org = portalApi.post("/api/portal/orgs").bearer(admin)
                .json("{\"type\":\"MSSP\",\"name\":\"Northwind <Security> & Co\"}").send();
        assertThat(org.status()).as(org.body()).isEqualTo(201);
        String orgId = org.json().get("id").asText();
        String email = "new.partner@example.com";

        ApiResponse created = invite(email, "mssp", orgId);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().get("inviteToken").asText();
        Instant expiresAt = Instant.parse(created.json().get("expiresAt").asText());

        MimeMessage mail = catcher.await(email, "invited you");
        assertThat(MailCatcher.subject(mail)).isEqualTo("Administrator invited you to Northwind <Security> & Co on Portal Suite");
        String text = MailCatcher.text(mail);
        assertThat(text).contains("Administrator (" + AuthUnderTest.ADMIN_EMAIL + ") invited you to join Northwind <Security> & Co",
                "Organisation: Northwind <Security> & Co", "Role: mssp",
                "Invited by: Administrator <" + AuthUnderTest.ADMIN_EMAIL + ">", "Valid until: " + WHEN.format(expiresAt));
        assertThat(MailCatcher.html(mail)).contains("Northwind &lt;Security&gt; &amp; Co").doesNotContain("<Security>");
        assertThat(MailCatcher.linkParameter(mail, "/signup", "invite")).isEqualTo(token);
        assertThat(text).as("the console's sign-up page fills in the address from the link")
                .contains("&email=" + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8));

        ApiResponse registered = auth.register(email, "Partner-passphrase-1", "New Partner",
                MailCatcher.linkParameter(mail, "/signup", "invite"));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        JsonNode user = registered.json().get("user");
        assertThat(user.get("roles").toString()).contains("mssp");
        assertThat(user.get("orgId").asText()).isEqualTo(orgId);
        assertThat(user.get("emailVerified").asBoolean()).as("the invite was mailed to this address").isTrue();
        assertThat(auth.count("SELECT count(*) FROM email_verification_tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE u.email = '" + email + "'")).isZero();
    }

    @Test
    void anInviteWithoutAnOrganisationSaysSo() {
        String email = "personal@example.com";
        assertThat(invite(email, "user", null).status()).isEqualTo(201);
        MimeMessage mail = catcher.await(email, "invited you");
        assertThat(MailCatcher.subject(mail)).isEqualTo("Administrator invited you to Portal Suite");
        assertThat(MailCatcher.text(mail)).contains("Organisation: none (a personal account)", "Role: user");
    }

    @Test
    void aGoogleVerifiedAddressCountsAsVerifiedAndGetsNoLink() {
        ApiResponse signIn = auth.client().post("/api/auth/oidc/google")
                .json("{\"idToken\":\"" + provider.google("g-verified-1", "googler@example.com") + "\"}").send();
        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        assertThat(signIn.json().get("user").get("emailVerified").asBoolean()).isTrue();
        assertThat(catcher.with("googler@example.com", "Confirm your email")).isEmpty();
    }
}
