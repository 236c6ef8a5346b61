package dev.portalsuite.console.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SignInIT {
    @RegisterExtension
    static final ConsoleSuite suite = new ConsoleSuite();

    private WebClient browser() {
        return new WebClient(suite.url());
    }

    @Test
    void the_home_page_shows_the_sign_in_form_to_someone_not_signed_in() {
        WebClient web = browser();
        WebClient.Page page = web.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Sign in</h1>").contains("action=\"/login\"");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void signing_in_issues_a_fresh_http_only_strict_session_cookie_and_shows_the_dashboard() {
        WebClient web = browser();
        WebClient.Page response = web.signInOk(ConsoleSuite.MSSP_EMAIL, ConsoleSuite.PASSWORD);
        assertThat(response.location()).isEqualTo("/");
        String setCookie = response.headers().get("set-cookie").stream().filter(c -> c.startsWith("console_session="))
                .findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Domain");
        assertThat(web.cookie("console_session")).hasSize(43);

        WebClient.Page dashboard = web.get("/");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Northwind Security").contains("Sign out");
        assertThat(dashboard.header("Cache-Control")).isEqualTo("no-store");
        // the id is stored only hashed
        assertThat(suite.count("SELECT count(*) FROM console.sessions WHERE encode(id_hash, 'escape') LIKE '%"
                + web.cookie("console_session") + "%'")).isZero();
    }

    @Test
    void a_new_session_id_at_every_sign_in_and_the_old_one_stops_working() {
        WebClient web = browser();
        web.setCookie("console_session", "attacker-chosen-id-aaaaaaaaaaaaaaaaaaaaaaaaaa");
        web.signInOk(ConsoleSuite.MSP_EMAIL, ConsoleSuite.PASSWORD);
        String first = web.cookie("console_session");
        assertThat(first).isNotEqualTo("attacker-chosen-id-aaaaaaaaaaaaaaaaaaaaaaaaaa");

        // signing in again from a signed-in browser (the sign-out form's token is the session's)
        String token = web.get("/").csrf();
        assertThat(web.post("/login", Map.of("_csrf", token, "email", ConsoleSuite.MSP_EMAIL, "password",
                ConsoleSuite.PASSWORD)).status()).isEqualTo(303);
        String second = web.cookie("console_session");
        assertThat(second).isNotEqualTo(first);

        WebClient old = browser();
        old.setCookie("console_session", first);
        WebClient.Page page = old.get("/");
        assertThat(page.body()).contains("<h1>Sign in</h1>").doesNotContain("Contoso");
        assertThat(suite.count("SELECT count(*) FROM console.sessions")).isPositive();
    }

    @Test
    void wrong_credentials_are_explained_and_the_email_is_kept() {
        WebClient web = browser();
        WebClient.Page page = web.signIn(ConsoleSuite.USER_EMAIL, "not-the-password");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("The email or password is not right")
                .contains("value=\"" + ConsoleSuite.USER_EMAIL + "\"");
        assertThat(web.cookie("console_session")).isNull();
    }

    @Test
    void empty_fields_get_messages_next_to_them() {
        WebClient web = browser();
        WebClient.Page page = web.submit("/login", "/login", Map.of("email", "", "password", ""));
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("Enter your email address.").contains("Enter your password.")
                .contains("aria-invalid=\"true\"");
    }

    @Test
    void a_locked_account_says_until_when() {
        WebClient web = browser();
        String email = "locked@test.dev";
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Lou Locked"), 201);
        WebClient.Page page = null;
        for (int i = 0; i < 6; i++) {
            page = web.signIn(email, "wrong-password-" + i);
        }
        assertThat(page.status()).isEqualTo(423);
        assertThat(page.body()).containsPattern("locked until \\d\\d:\\d\\d UTC");
    }

    @Test
    void signing_out_ends_the_session_here_and_at_auth_service() {
        WebClient web = browser();
        web.signInOk(ConsoleSuite.CLIENT_EMAIL, ConsoleSuite.PASSWORD);
        String id = web.cookie("console_session");
        long before = suite.count("SELECT count(*) FROM console.sessions");
        WebClient.Page out = web.submit("/", "/logout", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.location()).isEqualTo("/login?done=signed-out");
        assertThat(web.cookie("console_session")).isNull();
        assertThat(suite.count("SELECT count(*) FROM console.sessions")).isEqualTo(before - 1);

        WebClient replay = browser();
        replay.setCookie("console_session", id);
        assertThat(replay.get("/").body()).contains("<h1>Sign in</h1>").doesNotContain("Adventure Works");
        assertThat(web.get("/login?done=signed-out").body()).contains("You have signed out.");
    }

    @Test
    void sign_up_creates_an_account_and_signs_in() {
        WebClient web = browser();
        WebClient.Page page = web.submit("/signup", "/signup", Map.of("email", "new@test.dev", "fullName", "Nia New",
                "password", ConsoleSuite.PASSWORD));
        assertThat(page.status()).isEqualTo(303);
        assertThat(web.get(page.location()).body()).contains("Welcome! Your account is ready.").contains("Nia New");

        WebClient again = browser();
        WebClient.Page taken = again.submit("/signup", "/signup", Map.of("email", "new@test.dev", "fullName", "Nia",
                "password", ConsoleSuite.PASSWORD));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("An account with this email already exists");

        WebClient weak = browser();
        WebClient.Page invalid = weak.submit("/signup", "/signup", Map.of("email", "weak@test.dev", "fullName", "Wes",
                "password", "short"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("field-error").contains("value=\"weak@test.dev\"");
    }

    @Test
    void an_invite_link_prefills_the_email_read_only() {
        WebClient web = browser();
        WebClient.Page page = web.get("/signup?invite=abc&email=someone%40test.dev");
        assertThat(page.body()).contains("value=\"someone@test.dev\"").contains("readonly")
                .contains("name=\"inviteToken\" value=\"abc\"");
    }
}
