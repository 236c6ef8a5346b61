package dev.portalsuite.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's second-factor pages against the real auth-service: enrolling an authenticator app, the second
 * sign-in step, recovery codes shown once and usable once, step-up that keeps the session, CSRF on the new forms.
 */
class MfaIT {
    private static final Pattern SECRET = Pattern.compile("<code class=\"secret\">([A-Z2-7 ]+)</code>");
    private static final Pattern CODE = Pattern.compile("<li><code>([A-Za-z0-9-]+)</code></li>");
    private static final AtomicInteger USERS = new AtomicInteger();
    private static ConsoleSuite suite;

    @BeforeAll
    static void start() {
        // inventory staff must have a second factor (MFA_REQUIRED_ROLES) in this suite
        suite = ConsoleSuite.start(Map.of(), Map.of("STEP_UP_REQUIRED", "true", "MFA_REQUIRED_ROLES", "inventory"));
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    private String newUser() {
        String email = "mfa" + USERS.incrementAndGet() + "@test.dev";
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Mo Factor"), 201);
        return email;
    }

    private WebClient signedIn(String email) {
        WebClient web = new WebClient(suite.url());
        web.signInOk(email, ConsoleSuite.PASSWORD);
        return web;
    }

    /** Enrols an authenticator app through the pages (confirmed with the current period's code); returns it and the codes. */
    private Enrolled enrol(WebClient web) {
        WebClient.Page security = web.get("/account/security");
        assertThat(security.status()).isEqualTo(200);
        assertThat(security.body()).contains("Set up an authenticator app").contains("You have no passkeys yet.");
        WebClient.Page started = web.post("/account/security/totp", Map.of("_csrf", security.csrf()), headers());
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body()).contains("<svg").contains("role=\"img\"");
        Matcher secret = SECRET.matcher(started.body());
        assertThat(secret.find()).as(started.body()).isTrue();
        Authenticator app = new Authenticator(secret.group(1));

        WebClient.Page wrong = web.post("/account/security/totp/confirm", Map.of("_csrf", started.csrf(), "code", "000000"), headers());
        if (!app.code(0).equals("000000")) {
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.body()).contains("field-error").contains("start again");
        }
        WebClient.Page confirmed = web.post("/account/security/totp/confirm", Map.of("_csrf", started.csrf(), "code", app.code(0)), headers());
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Save your recovery codes").contains("Download as a text file");
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(confirmed.body());
        while (code.find()) {
            codes.add(code.group(1));
        }
        assertThat(codes).hasSize(10);
        return new Enrolled(app, codes, confirmed);
    }

    private record Enrolled(Authenticator app, List<String> recoveryCodes, WebClient.Page codesPage) {
    }

    private Map<String, String> headers() {
        return Map.of("Origin", suite.url(), "Sec-Fetch-Site", "same-origin", "Referer", suite.url() + "/account/security");
    }

    @Test
    void enrolling_an_authenticator_app_then_signing_in_takes_the_second_step() {
        String email = newUser();
        WebClient web = signedIn(email);
        Enrolled enrolled = enrol(web);
        WebClient.Page security = web.get("/account/security");
        assertThat(security.body()).contains("Remove the authenticator app").contains("<strong>10</strong> unused recovery codes");
        // shown once: not on the page afterwards
        assertThat(security.body()).doesNotContain(enrolled.recoveryCodes().get(0));

        web.submit("/", "/logout", Map.of());
        WebClient.Page first = web.signIn(email, ConsoleSuite.PASSWORD);
        assertThat(first.status()).isEqualTo(303);
        assertThat(first.location()).isEqualTo("/login/mfa");
        assertThat(web.cookie("console_session")).isNull();
        assertThat(web.cookie("console_mfa")).isNotBlank();

        WebClient.Page step = web.get("/login/mfa");
        assertThat(step.status()).isEqualTo(200);
        assertThat(step.body()).contains("Second sign-in step").contains("Code from your authenticator app")
                .contains("Use a recovery code").doesNotContain("mfaToken");
        assertThat(web.get("/").body()).contains("<h1>Sign in</h1>"); // not signed in between the steps

        WebClient.Page wrong = web.post("/login/mfa", Map.of("_csrf", step.csrf(), "code", "123456".equals(enrolled.app().code(1)) ? "654321" : "123456"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("That code is not right").contains("aria-invalid=\"true\"");

        WebClient.Page done = web.post("/login/mfa", Map.of("_csrf", step.csrf(), "code", enrolled.app().code(1)));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.location()).isEqualTo("/");
        assertThat(web.cookie("console_session")).hasSize(43);
        assertThat(web.get("/").body()).contains("Sign out");
        // the pending step is spent
        assertThat(web.get("/login/mfa").location()).isEqualTo("/login?done=mfa-expired");
        for (WebClient.Page page : web.history()) {
            assertThat(page.everything()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.");
        }
    }

    @Test
    void a_recovery_code_signs_in_once_and_the_codes_download_as_text() {
        String email = newUser();
        WebClient web = signedIn(email);
        Enrolled enrolled = enrol(web);
        String recovery = enrolled.recoveryCodes().get(3);
        WebClient.Page download = web.post("/account/security/recovery-codes.txt", Map.of("_csrf", enrolled.codesPage().csrf(),
                "code", recovery), headers());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Disposition")).contains("attachment");
        assertThat(download.body()).contains(recovery);
        web.submit("/", "/logout", Map.of());

        web.signIn(email, ConsoleSuite.PASSWORD);
        WebClient.Page step = web.get("/login/mfa?method=recovery");
        assertThat(step.body()).contains("Recovery code");
        WebClient.Page done = web.post("/login/mfa", Map.of("_csrf", step.csrf(), "method", "recovery", "code", recovery));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.location()).isEqualTo("/account/security?done=recovery-used");
        assertThat(web.get(done.location()).body()).contains("<strong>9</strong> unused recovery codes");
        web.submit("/", "/logout", Map.of());

        web.signIn(email, ConsoleSuite.PASSWORD);
        WebClient.Page again = web.submit("/login/mfa", "/login/mfa", Map.of("method", "recovery", "code", recovery));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body()).contains("That recovery code is not right, or it was already used");
        assertThat(web.cookie("console_session")).isNull();
    }

    @Test
    void a_sensitive_action_asks_for_a_step_up_and_keeps_the_session() {
        String email = newUser();
        WebClient web = signedIn(email);
        String sessionId = web.cookie("console_session");
        Enrolled enrolled = enrol(web);

        // this session signed in with a password only: new recovery codes need a recent second factor
        WebClient.Page security = web.get("/account/security");
        WebClient.Page refused = web.post("/account/security/recovery-codes", Map.of("_csrf", security.csrf()), headers());
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.location()).isEqualTo("/step-up?return=%2Faccount%2Fsecurity");
        assertThat(web.cookie("console_session")).isEqualTo(sessionId);
        WebClient.Page stepUp = web.get(refused.location());
        assertThat(stepUp.status()).isEqualTo(200);
        assertThat(stepUp.body()).contains("Confirm it's you").contains("nothing has been changed yet");

        WebClient.Page wrong = web.post("/step-up", Map.of("_csrf", stepUp.csrf(), "return", "/account/security", "code",
                "123456".equals(enrolled.app().code(1)) ? "654321" : "123456"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("That code is not right");
        assertThat(web.get("/").body()).contains("Sign out"); // still signed in

        WebClient.Page confirmed = web.post("/step-up", Map.of("_csrf", stepUp.csrf(), "return", "/account/security",
                "code", enrolled.app().code(1)));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(303);
        assertThat(confirmed.location()).isEqualTo("/account/security?done=stepped-up");
        assertThat(web.cookie("console_session")).isEqualTo(sessionId);
        WebClient.Page back = web.get(confirmed.location());
        assertThat(back.body()).contains("Submit the form again to finish");

        WebClient.Page regenerated = web.post("/account/security/recovery-codes", Map.of("_csrf", back.csrf()), headers());
        assertThat(regenerated.status()).as(regenerated.body()).isEqualTo(200);
        assertThat(regenerated.body()).contains("The old ones no longer work");
        assertThat(regenerated.body()).doesNotContain(enrolled.recoveryCodes().get(0));
    }

    @Test
    void without_a_second_factor_the_step_up_page_explains_where_to_set_one_up() {
        WebClient admin = signedIn(ConsoleSuite.ADMIN_EMAIL);
        String sessionId = admin.cookie("console_session");
        WebClient.Page list = admin.get("/admin/service-clients");
        WebClient.Page created = admin.post("/admin/service-clients", Map.of("_csrf", list.csrf(), "clientId", "step-up-sync",
                "scopes", "portal:ingest"), Map.of("Origin", suite.url(), "Sec-Fetch-Site", "same-origin",
                "Referer", suite.url() + "/admin/service-clients"));
        assertThat(created.status()).isEqualTo(303);
        assertThat(created.location()).isEqualTo("/step-up?return=%2Fadmin%2Fservice-clients");
        assertThat(admin.cookie("console_session")).isEqualTo(sessionId);
        WebClient.Page stepUp = admin.get(created.location());
        assertThat(stepUp.body()).contains("your account does not have one yet").contains("href=\"/account/security\"");
        assertThat(admin.get("/admin/service-clients").body()).doesNotContain("step-up-sync");

        // the users page shows who has which factor; resetting them is a step-up action too
        String email = newUser();
        enrol(signedIn(email));
        String id = suite.call("GET", suite.authUrl() + "/api/auth/admin/users?q=" + email,
                suite.token(ConsoleSuite.ADMIN_EMAIL, ConsoleSuite.PASSWORD), null, 200).path("items").path(0).path("id").asText();
        WebClient.Page user = admin.get("/admin/users/" + id);
        assertThat(user.body()).contains("Second factors").contains("authenticator app").contains("Reset second factors");
        WebClient.Page reset = admin.post("/admin/users/" + id + "/mfa-reset", Map.of("_csrf", user.csrf()),
                Map.of("Origin", suite.url(), "Sec-Fetch-Site", "same-origin", "Referer", suite.url() + "/admin/users/" + id));
        assertThat(reset.status()).isEqualTo(303);
        assertThat(reset.location()).isEqualTo("/step-up?return=%2Fadmin%2Fusers%2F" + id);
        assertThat(admin.get("/admin/users/" + id).body()).contains("Reset second factors");
    }

    @Test
    void a_role_that_requires_a_second_factor_sees_only_the_security_page_until_one_is_set_up() {
        WebClient web = signedIn(ConsoleSuite.INVENTORY_EMAIL);
        WebClient.Page home = web.get("/");
        assertThat(home.status()).isEqualTo(303);
        assertThat(home.location()).isEqualTo("/account/security");
        assertThat(web.get("/batches").location()).isEqualTo("/account/security");
        WebClient.Page security = web.get("/account/security");
        assertThat(security.status()).isEqualTo(200);
        assertThat(security.body()).contains("Your role requires a second factor");

        enrol(web);
        WebClient.Page after = web.get("/account/security");
        assertThat(after.body()).doesNotContain("Your role requires a second factor");
        WebClient.Page batches = web.get("/batches");
        assertThat(batches.status()).isEqualTo(200);
        assertThat(batches.body()).contains("Beef mince");
    }

    @Test
    void the_new_forms_refuse_a_missing_csrf_token_and_change_nothing() {
        String email = newUser();
        WebClient web = signedIn(email);
        Map<String, String> sameSite = Map.of("Origin", suite.url(), "Sec-Fetch-Site", "same-origin");
        assertThat(web.post("/account/security/totp", Map.of(), sameSite).status()).isEqualTo(403);
        assertThat(web.post("/step-up", Map.of("code", "123456"), sameSite).status()).isEqualTo(403);
        assertThat(web.post("/account/security/passkeys/options", Map.of(), sameSite).status()).isEqualTo(403);
        String token = web.get("/account/security").csrf();
        assertThat(web.post("/account/security/totp", Map.of("_csrf", token),
                Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
        assertThat(web.get("/account/security").body()).contains("Set up an authenticator app");

        WebClient anonymous = new WebClient(suite.url());
        assertThat(anonymous.post("/login/mfa", Map.of("code", "123456"), sameSite).status()).isEqualTo(403);
        assertThat(anonymous.post("/login/passkey/options", Map.of(), sameSite).status()).isEqualTo(403);
        // without a pending step the second-step page sends the person back to sign in
        assertThat(anonymous.get("/login/mfa").location()).isEqualTo("/login?done=mfa-expired");
    }
}
