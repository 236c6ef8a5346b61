package dev.portalsuite.console.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with Google through the console: authorization code + PKCE + state + nonce against a fake Google on
 * loopback (its token endpoint checks the PKCE verifier and the client secret, and signs ID tokens with its own key,
 * whose JWKS auth-service is configured to trust).
 */
class OidcSignInIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT_ID = "console-test-client";
    private static final String CLIENT_SECRET = "console-test-secret";
    private static FakeGoogle google;
    private static ConsoleSuite suite;

    @BeforeAll
    static void start() throws IOException {
        google = new FakeGoogle();
        suite = ConsoleSuite.start(
                Map.of("GOOGLE_CLIENT_ID", CLIENT_ID, "GOOGLE_CLIENT_SECRET", CLIENT_SECRET,
                        "GOOGLE_AUTHORIZATION_URL", google.url() + "/authorize", "GOOGLE_TOKEN_URL", google.url() + "/token"),
                Map.of("GOOGLE_CLIENT_ID", CLIENT_ID, "GOOGLE_JWKS_URL", google.url() + "/jwks"));
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        google.close();
    }

    @Test
    void a_google_account_signs_in_through_the_code_flow_with_pkce_and_no_token_reaches_the_browser() {
        WebClient web = new WebClient(suite.url());
        assertThat(web.get("/login").body()).contains("href=\"/login/oidc/google\"").contains("Sign in with Google")
                .doesNotContain("Sign in with Microsoft");

        WebClient.Page start = web.get("/login/oidc/google");
        assertThat(start.status()).isEqualTo(303);
        HttpUrl authorize = HttpUrl.get(start.location());
        assertThat(authorize.toString()).startsWith(google.url() + "/authorize");
        assertThat(authorize.queryParameter("response_type")).isEqualTo("code");
        assertThat(authorize.queryParameter("client_id")).isEqualTo(CLIENT_ID);
        assertThat(authorize.queryParameter("code_challenge_method")).isEqualTo("S256");
        assertThat(authorize.queryParameter("redirect_uri")).isEqualTo("http://localhost:8080/login/oidc/google/callback");
        assertThat(authorize.toString()).doesNotContain(CLIENT_SECRET);
        String flowCookie = start.headers().get("set-cookie").stream().filter(c -> c.startsWith("console_oidc=")).findFirst().orElseThrow();
        assertThat(flowCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/login/oidc");

        // what Google does after the person agreed: a code bound to the PKCE challenge and the nonce
        String code = google.issueCode(authorize.queryParameter("code_challenge"), authorize.queryParameter("nonce"),
                "gina@gmail.test", "google-subject-1");
        WebClient.Page wrongState = new WebClient(suite.url()).get("/login/oidc/google/callback?code=" + code + "&state=forged");
        assertThat(wrongState.status()).isEqualTo(400);
        assertThat(wrongState.body()).contains("could not be completed");

        WebClient.Page back = web.get("/login/oidc/google/callback?code=" + code + "&state=" + authorize.queryParameter("state"));
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body()).contains("http-equiv=\"refresh\"");
        assertThat(web.cookie("console_session")).hasSize(43);
        WebClient.Page home = web.get("/");
        assertThat(home.body()).contains("Sign out").contains("Welcome, Gina Google");
        assertThat(google.tokenRequests()).isEqualTo(1);

        // the flow is single use: the same callback again signs nobody in
        WebClient replay = new WebClient(suite.url());
        WebClient.Page again = replay.get("/login/oidc/google/callback?code=" + code + "&state=" + authorize.queryParameter("state"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(replay.cookie("console_session")).isNull();

        for (WebClient.Page page : web.history()) {
            assertThat(page.everything()).doesNotContain(google.lastIdToken()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.eyJ");
        }
    }

    @Test
    void a_provider_that_is_not_configured_is_a_404_page() {
        WebClient web = new WebClient(suite.url());
        assertThat(web.get("/login/oidc/azure").status()).isEqualTo(404);
        assertThat(web.get("/login/oidc/azure/callback?code=x&state=y").status()).isEqualTo(404);
    }

    /** Google's authorization server as far as the console and auth-service see it. */
    static final class FakeGoogle implements AutoCloseable {
        private final HttpServer server;
        private final SigningKey key = RsaKeys.generate();
        private final Map<String, String[]> codes = new ConcurrentHashMap<>();
        private volatile int tokenRequests;
        private volatile String lastIdToken = "none";

        FakeGoogle() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> send(exchange, 200,
                    JSON.writeValueAsString(Map.of("keys", List.of(RsaKeys.toJwk(key.kid(), key.publicKey()))))));
            server.createContext("/token", this::token);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        String issueCode(String challenge, String nonce, String email, String subject) {
            String code = "code-" + codes.size() + "-" + System.nanoTime();
            codes.put(code, new String[] {challenge, nonce, email, subject});
            return code;
        }

        int tokenRequests() {
            return tokenRequests;
        }

        String lastIdToken() {
            return lastIdToken;
        }

        private void token(HttpExchange exchange) throws IOException {
            tokenRequests++;
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String[] grant = codes.remove(form.getOrDefault("code", ""));
            if (grant == null || !CLIENT_SECRET.equals(form.get("client_secret")) || !CLIENT_ID.equals(form.get("client_id"))
                    || !"authorization_code".equals(form.get("grant_type")) || !grant[0].equals(s256(form.getOrDefault("code_verifier", "")))) {
                send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            Instant now = Instant.now();
            lastIdToken = JWT.create().withKeyId(key.kid()).withIssuer("https://accounts.google.com").withAudience(CLIENT_ID)
                    .withSubject(grant[3]).withClaim("email", grant[2]).withClaim("email_verified", true)
                    .withClaim("name", "Gina Google").withClaim("nonce", grant[1]).withIssuedAt(now)
                    .withExpiresAt(now.plusSeconds(300)).sign(Algorithm.RSA256(key.publicKey(), key.privateKey()));
            send(exchange, 200, JSON.writeValueAsString(Map.of("id_token", lastIdToken, "access_token", "google-access",
                    "token_type", "Bearer", "expires_in", 300)));
        }

        private static String s256(String verifier) {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void send(HttpExchange exchange, int status, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
