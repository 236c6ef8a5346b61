package dev.portalsuite.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import dev.portalsuite.shared.testing.ApiResponse;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Google and Azure sign-in against a fake provider on loopback (MockWebServer serving the JWKS of a test key). */
class OidcIT {
    private static FakeProvider provider;
    private static AuthUnderTest server;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        server = new AuthUnderTest().with(provider.env(true)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static ApiResponse signIn(AuthUnderTest target, String providerName, String idToken, String nonce) {
        String body = nonce == null ? "{\"idToken\":\"" + idToken + "\"}"
                : "{\"idToken\":\"" + idToken + "\",\"nonce\":\"" + nonce + "\"}";
        return target.client().post("/api/auth/oidc/" + providerName)
                .header("X-Forwarded-For", AuthUnderTest.freshIp()).json(body).send();
    }

    private static ApiResponse signIn(String providerName, String idToken) {
        return signIn(server, providerName, idToken, null);
    }

    private static long users() {
        return server.count("SELECT count(*) FROM users");
    }

    private static long identities() {
        return server.count("SELECT count(*) FROM user_identities");
    }

    @Test
    void googleSignInCreatesAnAccountOnceAndSignsTheSameUserInAgain() {
        ApiResponse first = signIn(server, "google", provider.google("g-100", "Grace@Example.com"), null);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode user = first.json().get("user");
        assertThat(user.get("email").asText()).isEqualTo("grace@example.com");
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("user");
        assertThat(user.get("fullName").asText()).isEqualTo("Google g-100");
        assertThat(first.json().get("tokenType").asText()).isEqualTo("Bearer");

        ApiResponse second = signIn(server, "google", provider.google("g-100", "grace@example.com"), null);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("user").get("id").asText()).isEqualTo(user.get("id").asText());
        assertThat(server.count("SELECT count(*) FROM user_identities WHERE provider = 'google' AND subject = 'g-100'"))
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM users WHERE email = 'grace@example.com' AND password_hash IS NULL"))
                .isEqualTo(1);

        // the tokens work like any other
        ApiResponse me = server.client().get("/api/auth/me").bearer(second.json().get("accessToken").asText()).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(server.refresh(second.json().get("refreshToken").asText()).status()).isEqualTo(200);

        // an account without a password cannot log in with one
        assertThat(server.login("grace@example.com", "any-password-at-all").status()).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'login.succeeded' "
                + "AND details->>'provider' = 'google' AND email = 'grace@example.com'")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'register' "
                + "AND details->>'provider' = 'google' AND email = 'grace@example.com'")).isEqualTo(1);
    }

    @Test
    void azureSignInIsKeyedByTenantAndObjectId() {
        String oid = UUID.randomUUID().toString();
        ApiResponse first = signIn("azure", provider.azure(FakeProvider.TENANT, oid, "ada@contoso.example"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String userId = first.json().get("user").get("id").asText();
        assertThat(first.json().get("user").get("roles")).extracting(JsonNode::asText).containsExactly("user");

        // a different email in a later token changes nothing: the identity is tid + oid
        ApiResponse second = signIn("azure", provider.azure(FakeProvider.TENANT, oid, "ada.renamed@contoso.example"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("user").get("id").asText()).isEqualTo(userId);
        assertThat(server.count("SELECT count(*) FROM user_identities WHERE provider = 'azure' AND subject = '"
                + FakeProvider.TENANT + ":" + oid + "'")).isEqualTo(1);
    }

    @Test
    void refusesEveryUnfitTokenWithoutWritingAnAccount() {
        long usersBefore = users();
        long identitiesBefore = identities();
        SigningKey stranger = RsaKeys.generate();
        Instant now = Instant.now();
        Map<String, String> google = new LinkedHashMap<>();
        google.put("wrong audience", provider.google("g-bad-1", "bad1@example.com", b -> b.withAudience("someone-else")));
        google.put("wrong issuer", provider.google("g-bad-2", "bad2@example.com", b -> b.withIssuer("https://evil.example")));
        google.put("expired", provider.google("g-bad-3", "bad3@example.com", b -> b
                .withIssuedAt(now.minus(Duration.ofHours(2))).withExpiresAt(now.minus(Duration.ofMinutes(5)))));
        google.put("exp null", provider.google("g-bad-4", "bad4@example.com", b -> b.withExpiresAt((Instant) null)));
        google.put("no exp", withoutClaim("exp"));
        google.put("no iat", withoutClaim("iat"));
        google.put("no sub", withoutClaim("sub"));
        google.put("iat null", provider.google("g-bad-4b", "bad4b@example.com", b -> b.withIssuedAt((Instant) null)));
        google.put("issued in the future", provider.google("g-bad-5", "bad5@example.com", b -> b
                .withIssuedAt(now.plus(Duration.ofMinutes(10))).withExpiresAt(now.plus(Duration.ofMinutes(20)))));
        google.put("bad signature", signedBy(stranger, provider.key().kid(), b -> { }));
        google.put("unknown kid", signedBy(stranger, stranger.kid(), b -> { }));
        google.put("alg none", provider.googleAlgNone("g-bad-8", "bad8@example.com"));
        google.put("email not verified", provider.google("g-bad-9", "bad9@example.com", b -> b.withClaim("email_verified", false)));
        google.put("email_verified missing", provider.google("g-bad-10", "bad10@example.com", b -> b.withNullClaim("email_verified")));
        google.put("not a JWT", "definitely.not.a-jwt");
        google.put("HS256 with the public key as secret", hs256());
        for (Map.Entry<String, String> c : google.entrySet()) {
            ApiResponse response = signIn("google", c.getValue());
            assertThat(response.status()).as(c.getKey() + ": " + response.body()).isEqualTo(401);
            assertThat(response.isProblem()).isTrue();
        }

        String oid = UUID.randomUUID().toString();
        Map<String, String> azure = new LinkedHashMap<>();
        azure.put("another tenant", provider.azure(FakeProvider.OTHER_TENANT, oid, "x1@fabrikam.example"));
        azure.put("issuer of another tenant", provider.azure(FakeProvider.TENANT, oid, "x2@contoso.example",
                b -> b.withIssuer("https://login.microsoftonline.com/" + FakeProvider.OTHER_TENANT + "/v2.0")));
        azure.put("v1 issuer", provider.azure(FakeProvider.TENANT, oid, "x3@contoso.example",
                b -> b.withIssuer("https://sts.windows.net/" + FakeProvider.TENANT + "/")));
        azure.put("no oid", provider.azure(FakeProvider.TENANT, oid, "x4@contoso.example", b -> b.withNullClaim("oid")));
        azure.put("google audience", provider.azure(FakeProvider.TENANT, oid, "x5@contoso.example",
                b -> b.withAudience(FakeProvider.GOOGLE_CLIENT)));
        for (Map.Entry<String, String> c : azure.entrySet()) {
            ApiResponse response = signIn("azure", c.getValue());
            assertThat(response.status()).as(c.getKey() + ": " + response.body()).isEqualTo(401);
        }

        // a Google token is no Azure token and vice versa
        assertThat(signIn("azure", provider.google("g-cross", "cross@example.com")).status()).isEqualTo(401);
        assertThat(signIn("google", provider.azure(FakeProvider.TENANT, oid, "cross@contoso.example")).status())
                .isEqualTo(401);

        assertThat(users()).isEqualTo(usersBefore);
        assertThat(identities()).isEqualTo(identitiesBefore);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'login.failed' "
                + "AND details->>'provider' IN ('google', 'azure')")).isGreaterThanOrEqualTo(google.size() + azure.size());
    }

    @Test
    void theNonceMustMatchWhenGiven() {
        String token = provider.google("g-nonce", "nonce@example.com", b -> b.withClaim("nonce", "n-0S6_WzA2Mj"));
        assertThat(signIn(server, "google", token, "n-other").status()).isEqualTo(401);
        String withoutNonce = provider.google("g-nonce", "nonce@example.com");
        assertThat(signIn(server, "google", withoutNonce, "n-0S6_WzA2Mj").status()).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM users WHERE email = 'nonce@example.com'")).isZero();

        ApiResponse ok = signIn(server, "google", token, "n-0S6_WzA2Mj");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void googleLinksToAnExistingAccountWithTheSameVerifiedEmail() {
        JsonNode registered = server.newUser("linda@example.com");
        String userId = registered.get("user").get("id").asText();

        ApiResponse google = signIn("google", provider.google("g-linda", "LINDA@example.com"));
        assertThat(google.status()).as(google.body()).isEqualTo(200);
        assertThat(google.json().get("user").get("id").asText()).isEqualTo(userId);
        assertThat(server.count("SELECT count(*) FROM user_identities WHERE subject = 'g-linda' AND user_id = '" + userId + "'"))
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM users WHERE email = 'linda@example.com'")).isEqualTo(1);
        // the password still works
        assertThat(server.login("linda@example.com", "Correct-Horse-" + "linda@example.com".hashCode()).status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'identity.linked' AND user_id = '"
                + userId + "'")).isEqualTo(1);
    }

    @Test
    void azureNeverLinksByEmail() {
        JsonNode registered = server.newUser("owner@contoso.example");
        String oid = UUID.randomUUID().toString();
        ApiResponse azure = signIn("azure", provider.azure(FakeProvider.TENANT, oid, "owner@contoso.example"));
        assertThat(azure.status()).as(azure.body()).isEqualTo(409);
        assertThat(identities("azure", FakeProvider.TENANT + ":" + oid)).isZero();
        assertThat(server.count("SELECT count(*) FROM users WHERE email = 'owner@contoso.example'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM user_identities WHERE user_id = '"
                + registered.get("user").get("id").asText() + "'")).isZero();

        // nor does a Google account created without password make Azure link to it
        signIn("google", provider.google("g-shared", "shared@example.com"));
        assertThat(signIn("azure", provider.azure(FakeProvider.TENANT, UUID.randomUUID().toString(), "shared@example.com"))
                .status()).isEqualTo(409);
    }

    @Test
    void disabledAccountsAreRefused() {
        ApiResponse first = signIn("google", provider.google("g-disabled", "disabled@example.com"));
        String userId = first.json().get("user").get("id").asText();
        ApiResponse disable = server.client().patch("/api/auth/admin/users/" + userId).bearer(server.adminToken())
                .json("{\"disabled\":true}").send();
        assertThat(disable.status()).isEqualTo(200);

        ApiResponse again = signIn("google", provider.google("g-disabled", "disabled@example.com"));
        assertThat(again.status()).as(again.body()).isEqualTo(403);
        long sessions = server.count("SELECT count(*) FROM sessions WHERE user_id = '" + userId + "' AND revoked_at IS NULL");
        assertThat(sessions).isZero();
    }

    @Test
    void providersWithoutClientIdAreOffAndBadInputIsRefused() {
        Map<String, String> onlyGoogle = new HashMap<>(provider.env(false));
        onlyGoogle.remove("AZURE_CLIENT_ID");
        try (AuthUnderTest googleOnly = new AuthUnderTest().with(onlyGoogle).start()) {
            ApiResponse azure = signIn(googleOnly, "azure", provider.azure(FakeProvider.TENANT,
                    UUID.randomUUID().toString(), "off@contoso.example"), null);
            assertThat(azure.status()).isEqualTo(404);
            assertThat(signIn(googleOnly, "google", provider.google("g-on", "on@example.com"), null).status())
                    .isEqualTo(200);
            ApiResponse unknown = googleOnly.client().post("/api/auth/oidc/github").invalidRequest()
                    .json("{\"idToken\":\"x\"}").send();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(googleOnly.count("SELECT count(*) FROM users WHERE email = 'off@contoso.example'")).isZero();
        }

        for (String body : List.of("{}", "{\"idToken\":\"\"}", "{\"idToken\":\"a.b.c\",\"nonce\":\"\"}",
                "{\"idToken\":\"a.b.c\",\"extra\":1}", "{\"idToken\":42}")) {
            ApiResponse response = server.client().post("/api/auth/oidc/google").invalidRequest().json(body).send();
            assertThat(response.status()).as(body).isEqualTo(400);
        }
        ApiResponse form = server.client().post("/api/auth/oidc/google").invalidRequest()
                .body("idToken=x".getBytes(), "application/x-www-form-urlencoded").send();
        assertThat(form.status()).isEqualTo(415);
    }

    @Test
    void anUnreachableJwksIsA503AndSignInIsRateLimited() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(provider.env(false));
        env.put("GOOGLE_JWKS_URL", "http://127.0.0.1:" + closedPort + "/jwks");
        env.put("RATE_LIMIT_AUTH", "2");
        try (AuthUnderTest broken = new AuthUnderTest().with(env).start()) {
            String ip = "198.51.100.77";
            ApiResponse down = broken.client().post("/api/auth/oidc/google").header("X-Forwarded-For", ip)
                    .json("{\"idToken\":\"" + provider.google("g-down", "down@example.com") + "\"}").send();
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(broken.count("SELECT count(*) FROM users WHERE email = 'down@example.com'")).isZero();

            ApiResponse second = broken.client().post("/api/auth/oidc/azure").header("X-Forwarded-For", ip)
                    .json("{\"idToken\":\"" + provider.azure(FakeProvider.TENANT, UUID.randomUUID().toString(),
                            "limit@contoso.example") + "\"}").send();
            assertThat(second.status()).as(second.body()).isEqualTo(200);
            ApiResponse third = broken.client().post("/api/auth/oidc/azure").header("X-Forwarded-For", ip)
                    .json("{\"idToken\":\"x.y.z\"}").send();
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isNotBlank();
        }
    }

    private static long identities(String providerName, String subject) {
        return server.count("SELECT count(*) FROM user_identities WHERE provider = '" + providerName
                + "' AND subject = '" + subject + "'");
    }

    /** A Google token with valid claims signed by {@code key} under {@code kid}. */
    private static String signedBy(SigningKey key, String kid, Consumer<JWTCreator.Builder> tweak) {
        Instant now = Instant.now();
        JWTCreator.Builder builder = com.auth0.jwt.JWT.create()
                .withKeyId(kid)
                .withIssuer("https://accounts.google.com")
                .withAudience(FakeProvider.GOOGLE_CLIENT)
                .withSubject("g-forged")
                .withClaim("email", "forged@example.com")
                .withClaim("email_verified", true)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofMinutes(5)));
        tweak.accept(builder);
        return builder.sign(Algorithm.RSA256(key.publicKey(), key.privateKey()));
    }

    /** A Google token signed by the provider's key whose payload lacks {@code claim} altogether. */
    private static String withoutClaim(String claim) {
        Instant now = Instant.now();
        Map<String, Object> payload = new HashMap<>();
        payload.put("iss", "https://accounts.google.com");
        payload.put("aud", FakeProvider.GOOGLE_CLIENT);
        payload.put("sub", "g-missing-" + claim);
        payload.put("email", "missing-" + claim + "@example.com");
        payload.put("email_verified", true);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        payload.remove(claim);
        return com.auth0.jwt.JWT.create().withKeyId(provider.key().kid()).withPayload(payload)
                .sign(Algorithm.RSA256(provider.key().publicKey(), provider.key().privateKey()));
    }

    /** Algorithm confusion: HS256 "signed" with the provider's public key bytes as the HMAC secret. */
    private static String hs256() {
        Instant now = Instant.now();
        return com.auth0.jwt.JWT.create()
                .withKeyId(provider.key().kid())
                .withIssuer("https://accounts.google.com")
                .withAudience(FakeProvider.GOOGLE_CLIENT)
                .withSubject("g-hs256")
                .withClaim("email", "hs256@example.com")
                .withClaim("email_verified", true)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofMinutes(5)))
                .sign(Algorithm.HMAC256(provider.key().publicKey().getEncoded()));
    }
}
