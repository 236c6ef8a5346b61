package dev.portalsuite.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.session.SessionKey;
import dev.portalsuite.console.session.TokenCipher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend-for-frontend's promises: no token ever reaches the browser, tokens are encrypted at rest and refreshed
 * in time, a refused refresh ends the session, forged or cross-site forms change nothing, and an unreachable
 * backend gives a page with a banner rather than an error.
 */
class SecurityIT {
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final ConsoleSuite suite = new ConsoleSuite();

    /** The token pairs of every console session, decrypted with the console's key as the console does. */
    private static List<String> storedTokens() throws Exception {
        TokenCipher cipher = new TokenCipher(SessionKey.load(suite.console().config().sessionKeyFile(), false));
        List<Map<String, Object>> rows = suite.console().database().jdbi().withHandle(h ->
                h.createQuery("SELECT id_hash, tokens FROM console.sessions").mapToMap().list());
        List<String> tokens = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            JsonNode plain = MAPPER.readTree(cipher.decrypt((byte[]) row.get("tokens"), (byte[]) row.get("id_hash")));
            tokens.add(plain.path("a").asText());
            tokens.add(plain.path("r").asText());
        }
        return tokens;
    }

    @Test
    void no_access_or_refresh_token_reaches_the_browser_and_tokens_are_encrypted_at_rest() throws Exception {
        WebClient web = suite.signedIn(ConsoleSuite.MSSP_EMAIL);
        for (String path : List.of("/", "/orgs", "/orgs/" + suite.org("Contoso IT Services"), "/notifications",
                "/notifications/badge", "/account", "/account/sessions", "/orgs/new", "/nope")) {
            web.get(path);
        }
        web.submit("/account", "/account/profile", Map.of("fullName", "Maya MSSP"));
        suite.execute("UPDATE console.sessions SET access_expires_at = now()");
        web.get("/"); // after a refresh too

        List<String> tokens = storedTokens();
        assertThat(tokens).isNotEmpty().allSatisfy(t -> assertThat(t).isNotBlank());
        for (WebClient.Page page : web.history()) {
            String everything = page.everything();
            assertThat(JWT.matcher(everything).find()).as("a JWT in %s", everything).isFalse();
            for (String token : tokens) {
                assertThat(everything).doesNotContain(token);
            }
        }
        String rawColumns = suite.console().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT string_agg(encode(tokens, 'escape') || profile || csrf_token, '') FROM console.sessions")
                .mapTo(String.class).one());
        assertThat(rawColumns).doesNotContain("eyJ");
        for (String token : tokens) {
            assertThat(rawColumns).doesNotContain(token);
        }
    }

    @Test
    void the_access_token_is_refreshed_before_it_expires_and_parallel_requests_share_one_refresh() throws Exception {
        WebClient web = suite.signedIn(ConsoleSuite.MSP_EMAIL);
        String cookie = web.cookie("console_session");
        List<String> before = storedTokens();
        suite.execute("UPDATE console.sessions SET access_expires_at = now() + interval '30 seconds'");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    WebClient tab = new WebClient(suite.url());
                    tab.setCookie("console_session", cookie);
                    return tab.get("/notifications").status();
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(web.get("/orgs").status()).isEqualTo(200);
        assertThat(web.cookie("console_session")).isEqualTo(cookie);
        List<String> after = storedTokens();
        assertThat(after).isNotEqualTo(before);
        assertThat(suite.count("SELECT count(*) FROM console.sessions WHERE access_expires_at > now() + interval '5 minutes'"))
                .isPositive();
    }

    @Test
    void a_refused_refresh_ends_the_console_session() {
        String email = "disabled@test.dev";
        String userId = suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Dee Disabled"), 201)
                .path("user").path("id").asText();
        WebClient web = suite.signedIn(email);
        assertThat(web.get("/account").status()).isEqualTo(200);
        long sessions = suite.count("SELECT count(*) FROM console.sessions");

        String admin = suite.token(ConsoleSuite.ADMIN_EMAIL, ConsoleSuite.PASSWORD);
        suite.call("PATCH", suite.authUrl() + "/api/auth/admin/users/" + userId, admin, Map.of("disabled", true), 200);
        suite.execute("UPDATE console.sessions SET access_expires_at = now() - interval '1 second' WHERE user_id = '" + userId + "'");

        WebClient.Page page = web.get("/account");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.location()).isEqualTo("/login?ended=1");
        assertThat(web.cookie("console_session")).isNull();
        assertThat(suite.count("SELECT count(*) FROM console.sessions")).isEqualTo(sessions - 1);
        assertThat(web.get("/login?ended=1").body()).contains("Your session has ended");
    }

    @Test
    void forms_without_the_right_token_or_from_another_site_are_refused_and_change_nothing() {
        WebClient web = suite.signedIn(ConsoleSuite.CLIENT_EMAIL);
        String token = web.get("/account").csrf();
        String origin = suite.url();

        List<WebClient.Page> refused = List.of(
                web.post("/account/profile", Map.of("fullName", "Forged")),
                web.post("/account/profile", Map.of("fullName", "Forged", "_csrf", "wrong-token")),
                web.post("/account/profile", Map.of("fullName", "Forged", "_csrf", token),
                        Map.of("Origin", origin, "Sec-Fetch-Site", "cross-site")),
                web.post("/account/profile", Map.of("fullName", "Forged", "_csrf", token),
                        Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "same-site")),
                web.post("/account/profile", Map.of("fullName", "Forged", "_csrf", token),
                        Map.of("Origin", "https://evil.example")),
                web.post("/notifications/read-all", Map.of("_csrf", token), Map.of("Sec-Fetch-Site", "cross-site")),
                web.post("/logout", Map.of(), Map.of("Origin", origin)));
        for (WebClient.Page page : refused) {
            assertThat(page.status()).isEqualTo(403);
            assertThat(page.body()).contains("did not come from this site");
        }
        String me = suite.call("GET", suite.authUrl() + "/api/auth/me",
                suite.token(ConsoleSuite.CLIENT_EMAIL, ConsoleSuite.PASSWORD), null, 200).path("fullName").asText();
        assertThat(me).isEqualTo("Cleo Client");
        assertThat(web.get("/account").status()).isEqualTo(200); // still signed in: the forged sign-out did nothing

        // the token of one session is no good for another
        WebClient other = suite.signedIn(ConsoleSuite.USER_EMAIL);
        assertThat(other.post("/account/profile", Map.of("fullName", "Forged", "_csrf", token)).status()).isEqualTo(403);

        // the sign-in form has its own token, bound to an anonymous cookie
        WebClient anonymous = new WebClient(suite.url());
        WebClient.Page login = anonymous.post("/login", Map.of("email", ConsoleSuite.USER_EMAIL, "password",
                ConsoleSuite.PASSWORD, "_csrf", token));
        assertThat(login.status()).isEqualTo(403);
        assertThat(anonymous.cookie("console_session")).isNull();
    }

    @Test
    void an_unreachable_backend_gives_a_banner_not_an_error_and_a_form_keeps_its_values() {
        ConsoleUnderTest cut = suite.extraConsole(Map.of("PORTAL_URL", "http://127.0.0.1:9", "FRESHNESS_URL", "http://127.0.0.1:9"));
        try {
            WebClient web = new WebClient("http://127.0.0.1:" + cut.port());
            web.signInOk(ConsoleSuite.MSP_EMAIL, ConsoleSuite.PASSWORD);
            WebClient.Page home = web.get("/");
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.body()).contains("class=\"banner\"").contains("The portal service is not answering");

            WebClient.Page orgs = web.get("/orgs");
            assertThat(orgs.status()).isEqualTo(200);
            assertThat(orgs.body()).contains("The portal service is not answering");

            WebClient.Page form = web.submit("/account", "/orgs", Map.of("type", "CLIENT", "name", "Kept Name",
                    "devices", "7", "parentId", suite.org("Contoso IT Services")));
            assertThat(form.status()).isEqualTo(503);
            assertThat(form.body()).contains("value=\"Kept Name\"").contains("value=\"7\"")
                    .contains("The portal service is not answering");

            WebClient.Page one = web.get("/orgs/" + suite.org("Contoso IT Services"));
            assertThat(one.status()).isEqualTo(503);
            assertThat(one.body()).contains("The portal service is not answering").contains("Nothing was changed");
        } finally {
            cut.close();
        }

        ConsoleUnderTest noAuth = suite.extraConsole(Map.of("AUTH_URL", "http://127.0.0.1:9"));
        try {
            WebClient web = new WebClient("http://127.0.0.1:" + noAuth.port());
            WebClient.Page login = web.signIn(ConsoleSuite.MSP_EMAIL, ConsoleSuite.PASSWORD);
            assertThat(login.status()).isEqualTo(503);
            assertThat(login.body()).contains("The sign-in service is not answering")
                    .contains("value=\"" + ConsoleSuite.MSP_EMAIL + "\"").doesNotContain(ConsoleSuite.PASSWORD);
        } finally {
            noAuth.close();
        }
    }

    @Test
    void in_production_the_cookie_is_secure_with_the_host_prefix() {
        ConsoleUnderTest secure = suite.extraConsole(Map.of("CONSOLE_SECURE_COOKIE", "true"));
        try {
            WebClient web = new WebClient("http://127.0.0.1:" + secure.port());
            WebClient.Page form = web.get("/login");
            String anonymous = form.headers().get("set-cookie").stream().filter(c -> c.startsWith("__Host-console_anon="))
                    .findFirst().orElseThrow();
            assertThat(anonymous).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
            // a client keeps Secure cookies for https only; this test talks plain http to the console
            web.setCookie("__Host-console_anon", anonymous.substring(anonymous.indexOf('=') + 1, anonymous.indexOf(';')));
            WebClient.Page page = web.post("/login", Map.of("_csrf", form.csrf(), "email", ConsoleSuite.USER_EMAIL,
                    "password", ConsoleSuite.PASSWORD));
            assertThat(page.status()).isEqualTo(303);
            String cookie = page.headers().get("set-cookie").stream().filter(c -> c.startsWith("__Host-console_session="))
                    .findFirst().orElseThrow();
            assertThat(cookie).contains("; Path=/").contains("HttpOnly").contains("SameSite=Strict").contains("Secure")
                    .doesNotContain("Domain");
            assertThat(page.header("Strict-Transport-Security")).isNotNull();
        } finally {
            secure.close();
        }
    }
}
