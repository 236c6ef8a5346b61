package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JwtSettings SETTINGS = new JwtSettings("portal-suite", "portal-suite", JwtSettings.MAX_LEEWAY);
    private static final SigningKey KEY = RsaKeys.generate();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TokenVerifier verifier = TokenVerifier.withKeys(Map.of(KEY.kid(), KEY.publicKey()), SETTINGS, CLOCK);

    private static AccessTokenClaims userClaims(Duration ttl) {
        return new AccessTokenClaims(
                "7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10", "a3e1f0c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
                "ann@example.com", "Ann Example", List.of("msp", "inventory"),
                UUID.fromString("0b7e6c2a-1d3f-4e5a-9b8c-7d6e5f4a3b2c"), "MSP", List.of("sync:write", "orgs:read"), ttl);
    }

    private static String issueAt(Instant at, SigningKey key, JwtSettings settings, Duration ttl) {
        return new TokenIssuer(key, settings, Clock.fixed(at, ZoneOffset.UTC)).issue(userClaims(ttl)).token();
    }

    private static String validToken() {
        return issueAt(NOW, KEY, SETTINGS, Duration.ofMinutes(15));
    }

    private static String b64Json(Map<String, ?> value) throws Exception {
        return B64.encodeToString(MAPPER.writeValueAsBytes(value));
    }

    private static Map<String, Object> validPayload() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", "portal-suite");
        payload.put("aud", "portal-suite");
        payload.put("sub", "7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10");
        payload.put("roles", List.of("admin"));
        payload.put("iat", NOW.getEpochSecond());
        payload.put("exp", NOW.plusSeconds(900).getEpochSecond());
        return payload;
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void acceptsATokenFromTheIssuerAndMapsItsClaims() {
        IssuedToken issued = new TokenIssuer(KEY, SETTINGS, CLOCK).issue(userClaims(Duration.ofMinutes(15)));

        Principal principal = verifier.verify(issued.token());

        assertThat(issued.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(issued.expiresInSeconds()).isEqualTo(900);
        assertThat(principal.subject()).isEqualTo("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10");
        assertThat(principal.userId()).isEqualTo(UUID.fromString("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10"));
        assertThat(principal.sessionId()).isEqualTo("a3e1f0c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b");
        assertThat(principal.sessionUuid()).isEqualTo(UUID.fromString("a3e1f0c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b"));
        assertThat(principal.email()).isEqualTo("ann@example.com");
        assertThat(principal.name()).isEqualTo("Ann Example");
        assertThat(principal.roles()).containsExactlyInAnyOrder("msp", "inventory");
        assertThat(principal.hasRole(Role.MSP)).isTrue();
        assertThat(principal.hasRole(Role.ADMIN)).isFalse();
        assertThat(principal.orgId()).isEqualTo(UUID.fromString("0b7e6c2a-1d3f-4e5a-9b8c-7d6e5f4a3b2c"));
        assertThat(principal.orgType()).isEqualTo("MSP");
        assertThat(principal.scopes()).isEqualTo(Set.of("sync:write", "orgs:read"));
        assertThat(principal.tokenId()).isNotBlank();
        assertThat(JWT.decode(issued.token()).getType()).isEqualTo("at+jwt");
        assertThat(JWT.decode(issued.token()).getKeyId()).isEqualTo(KEY.kid());
        assertThat(JWT.decode(issued.token()).getAlgorithm()).isEqualTo("RS256");
    }

    @Test
    void aServiceTokenWithoutOrgOrSessionHasNullsAndEmptySets() {
        String token = new TokenIssuer(KEY, SETTINGS, CLOCK).issue(new AccessTokenClaims(
                "heimdal-sync", null, null, null, List.of("service"), null, null, List.of(), Duration.ofMinutes(5))).token();

        Principal principal = verifier.verify(token);

        assertThat(principal.subject()).isEqualTo("heimdal-sync");
        assertThat(principal.sessionId()).isNull();
        assertThat(principal.orgId()).isNull();
        assertThat(principal.orgType()).isNull();
        assertThat(principal.scopes()).isEmpty();
        assertThat(principal.roles()).containsExactly("service");
    }

    @Test
    void rejectsAlgNone() throws Exception {
        Map<String, Object> header = Map.of("alg", "none", "typ", "at+jwt", "kid", KEY.kid());
        String token = b64Json(header) + "." + b64Json(validPayload()) + ".";

        assertRejected(token);
    }

    @Test
    void rejectsHs256SignedWithThePublicKeyAsHmacSecret() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(KEY.kid())
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10")
                .withClaim("roles", List.of("admin"))
                .withIssuedAt(NOW)
                .withExpiresAt(NOW.plusSeconds(900))
                .sign(Algorithm.HMAC256(KEY.publicKey().getEncoded()));
        assertThat(JWT.decode(token).getAlgorithm()).isEqualTo("HS256");

        assertRejected(token);
    }

    @Test
    void rejectsAnUnknownKid() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId("some-other-kid")
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("u")
                .withIssuedAt(NOW)
                .withExpiresAt(NOW.plusSeconds(900))
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));

        assertRejected(token);
    }

    @Test
    void rejectsATokenWithoutKid() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("u")
                .withIssuedAt(NOW)
                .withExpiresAt(NOW.plusSeconds(900))
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));

        assertRejected(token);
    }

    @Test
    void rejectsATokenSignedByAnotherKeyUnderTheRightKid() {
        SigningKey attacker = RsaKeys.generate();
        SigningKey forged = new SigningKey(KEY.kid(), attacker.privateKey(), attacker.publicKey());
        String token = issueAt(NOW, forged, SETTINGS, Duration.ofMinutes(15));
        assertThat(JWT.decode(token).getKeyId()).isEqualTo(KEY.kid());

        assertRejected(token);
    }

    @Test
    void rejectsTheWrongIssuer() {
        String token = issueAt(NOW, KEY, new JwtSettings("evil-issuer", "portal-suite", JwtSettings.MAX_LEEWAY), Duration.ofMinutes(15));

        assertRejected(token);
    }

    @Test
    void rejectsTheWrongAudience() {
        String token = issueAt(NOW, KEY, new JwtSettings("portal-suite", "another-app", JwtSettings.MAX_LEEWAY), Duration.ofMinutes(15));

        assertRejected(token);
    }

    @Test
    void rejectsATokenExpiredBeyondTheLeeway() {
        // issued 16 minutes ago with a 15-minute lifetime: expired 60 s ago, 30 s more than the leeway
        String token = issueAt(NOW.minus(Duration.ofMinutes(16)), KEY, SETTINGS, Duration.ofMinutes(15));

        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void acceptsATokenExpiredWithinTheLeeway() {
        // expired 10 s ago: within the 30 s clock-skew allowance
        String token = issueAt(NOW.minus(Duration.ofMinutes(15)).minusSeconds(10), KEY, SETTINGS, Duration.ofMinutes(15));
        assertThat(JWT.decode(token).getExpiresAtAsInstant()).isEqualTo(NOW.minusSeconds(10));

        assertThat(verifier.verify(token).subject()).isEqualTo("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10");
    }

    @Test
    void rejectsATokenExpiredBy31Seconds() {
        String token = issueAt(NOW.minus(Duration.ofMinutes(15)).minusSeconds(31), KEY, SETTINGS, Duration.ofMinutes(15));

        assertRejected(token);
    }

    @Test
    void rejectsATokenIssuedInTheFutureBeyondTheLeeway() {
        String token = issueAt(NOW.plus(Duration.ofMinutes(5)), KEY, SETTINGS, Duration.ofMinutes(15));

        assertRejected(token);
    }

    @Test
    void rejectsATokenWithoutExp() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(KEY.kid())
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10")
                .withClaim("roles", List.of("admin"))
                .withIssuedAt(Date.from(NOW))
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));
        assertThat(JWT.decode(token).getExpiresAt()).isNull();

        assertRejected(token);
    }

    @Test
    void rejectsATokenWhoseExpIsNull() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(KEY.kid())
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10")
                .withClaim("roles", List.of("admin"))
                .withIssuedAt(Date.from(NOW))
                .withNullClaim("exp")
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));
        assertThat(JWT.decode(token).getClaim("exp").isNull()).isTrue();

        assertRejected(token);
    }

    @Test
    void rejectsATokenWhoseTypIsNotAtJwt() {
        for (String typ : new String[] {"JWT", "refresh+jwt", "id_token"}) {
            String token = JWT.create()
                    .withHeader(Map.of("typ", typ))
                    .withKeyId(KEY.kid())
                    .withIssuer("portal-suite")
                    .withAudience("portal-suite")
                    .withSubject("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10")
                    .withIssuedAt(NOW)
                    .withExpiresAt(NOW.plusSeconds(900))
                    .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));

            assertThatThrownBy(() -> verifier.verify(token))
                    .as("typ %s", typ)
                    .isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("not an access token");
        }
    }

    @Test
    void rejectsMalformedClaimsAsInvalidTokenNotAsRuntimeError() {
        String token = JWT.create()
                .withHeader(Map.of("typ", "at+jwt"))
                .withKeyId(KEY.kid())
                .withIssuer("portal-suite")
                .withAudience("portal-suite")
                .withSubject("u")
                .withClaim("org", "not-a-uuid")
                .withIssuedAt(NOW)
                .withExpiresAt(NOW.plusSeconds(900))
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));

        assertRejected(token);
    }

    @Test
    void rejectsAnOpaqueRefreshTokenAnEmptyStringAndNull() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String refreshToken = B64.encodeToString(random);

        assertRejected(refreshToken);
        assertRejected("");
        assertRejected("   ");
        assertRejected(null);
        assertRejected("a.b.c");
        assertRejected(validToken() + "x");
    }

    @Test
    void rejectsATamperedPayload() throws Exception {
        String[] parts = validToken().split("\\.");
        Map<String, Object> payload = validPayload();
        payload.put("roles", List.of("admin"));
        String tampered = parts[0] + "." + b64Json(payload) + "." + parts[2];

        assertRejected(tampered);
    }

    // ---------------------------------------------------------------- JWKS

    @Test
    void verifiesWithARemoteJwksAndRefetchesItAfterKeyRotation() throws Exception {
        SigningKey first = RsaKeys.generate();
        SigningKey second = RsaKeys.generate();
        List<SigningKey> published = new CopyOnWriteArrayList<>(List.of(first));
        AtomicInteger fetches = new AtomicInteger();

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            List<Map<String, Object>> keys = published.stream().map(k -> RsaKeys.toJwk(k.kid(), k.publicKey())).toList();
            byte[] body = MAPPER.writeValueAsBytes(Map.of("keys", keys));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI jwks = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
            // the remote verifier uses the real clock: issue with it too
            Clock clock = Clock.systemUTC();
            TokenVerifier remote = TokenVerifier.withJwks(jwks, SETTINGS, clock);

            String firstToken = new TokenIssuer(first, SETTINGS, clock).issue(userClaims(Duration.ofMinutes(5))).token();
            assertThat(remote.verify(firstToken).roles()).containsExactlyInAnyOrder("msp", "inventory");
            assertThat(fetches.get()).isEqualTo(1);

            // a token from a key the JWKS does not (yet) publish is refused
            String early = new TokenIssuer(second, SETTINGS, clock).issue(userClaims(Duration.ofMinutes(5))).token();
            assertThatThrownBy(() -> remote.verify(early)).isInstanceOf(InvalidTokenException.class);

            // rotation: the issuer publishes the new key next to the old one and signs with the new one
            published.add(second);
            int before = fetches.get();
            String secondToken = new TokenIssuer(second, SETTINGS, clock).issue(userClaims(Duration.ofMinutes(5))).token();
            assertThat(JWT.decode(secondToken).getKeyId()).isEqualTo(second.kid()).isNotEqualTo(first.kid());

            assertThat(remote.verify(secondToken).subject()).isEqualTo("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10");
            assertThat(fetches.get()).as("unknown kid triggers a refetch").isGreaterThan(before);
            // the old key still verifies (cached) while its tokens live
            assertThat(remote.verify(firstToken).subject()).isEqualTo("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10");

            // the right kid with another key's signature is still refused through the JWKS path
            SigningKey attacker = RsaKeys.generate();
            String forged = new TokenIssuer(new SigningKey(second.kid(), attacker.privateKey(), attacker.publicKey()), SETTINGS, clock)
                    .issue(userClaims(Duration.ofMinutes(5))).token();
            assertThatThrownBy(() -> remote.verify(forged)).isInstanceOf(InvalidTokenException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aJwksThatCannotBeReachedIsAnOutageNotAnInvalidToken() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int port = server.getAddress().getPort();
        server.stop(0); // nothing listens there now
        TokenVerifier remote = TokenVerifier.withJwks(URI.create("http://127.0.0.1:" + port + "/jwks.json"), SETTINGS, CLOCK);

        assertThatThrownBy(() -> remote.verify(validToken())).isInstanceOf(TokenVerifier.KeysUnavailableException.class);
    }

    @Test
    void jwtSettingsRefuseALeewayAbove30Seconds() {
        assertThatThrownBy(() -> new JwtSettings("i", "a", Duration.ofSeconds(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JwtSettings("i", "a", Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new String(Base64.getUrlDecoder().decode(validToken().split("\\.")[0]), StandardCharsets.UTF_8))
                .contains("\"typ\":\"at+jwt\"");
    }
}
