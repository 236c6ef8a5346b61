package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged or unfit access tokens never get past {@code GET /api/auth/me}. The server signs with a key this test
 * owns, so every forged token can be made correct in all respects but the one under test.
 */
class TokenSecurityIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String ISSUER = "portal-suite";
    private static final String AUDIENCE = "portal-suite";
    private static final String EMAIL = "token-owner@example.com";

    private static SigningKey key;
    private static AuthUnderTest server;
    private static String kid;
    private static String userId;
    private static String sessionId;
    private static String realAccessToken;
    private static String realRefreshToken;
    private static String otherUsersSessionId;

    @BeforeAll
    static void start() throws IOException {
        key = RsaKeys.generate();
        Path keyFile = Files.createTempFile("auth-signing-key", ".pem");
        Files.writeString(keyFile, RsaKeys.toPem(key.privateKey()), StandardCharsets.US_ASCII);
        server = new AuthUnderTest().with("AUTH_SIGNING_KEY_FILE", keyFile.toString()).start();

        JsonNode pair = server.newUser(EMAIL);
        realAccessToken = pair.get("accessToken").asText();
        realRefreshToken = pair.get("refreshToken").asText();
        // decoding (not verifying) is fine here: the test only copies real ids into its own tokens
        DecodedJWT decoded = JWT.decode(realAccessToken);
        userId = decoded.getSubject();
        sessionId = decoded.getClaim("sid").asString();
        kid = decoded.getKeyId();
        assertThat(userId).isEqualTo(pair.get("user").get("id").asText());
        assertThat(sessionId).isNotBlank();
        assertThat(kid).isEqualTo(key.kid());
        otherUsersSessionId = JWT.decode(server.newUser("someone-else@example.com").get("accessToken").asText())
                .getClaim("sid").asString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- token factories

    /** A token that differs from a good one only in the given parts; null exp means "no exp claim". */
    private static String token(Algorithm algorithm, String keyId, String typ, String issuer, String audience,
                                Instant issuedAt, Instant expiresAt) {
        return token(algorithm, keyId, typ, issuer, audience, issuedAt, expiresAt, builder -> { });
    }

    private static String token(Algorithm algorithm, String keyId, String typ, String issuer, String audience,
                                Instant issuedAt, Instant expiresAt, Consumer<JWTCreator.Builder> tweak) {
        JWTCreator.Builder builder = JWT.create()
                .withHeader(Map.of("typ", typ))
                .withIssuer(issuer)
                .withAudience(audience)
                .withSubject(userId)
                .withClaim("sid", sessionId)
                .withClaim("email", EMAIL)
                .withClaim("name", "Token Owner")
                .withClaim("roles", List.of("user"))
                .withIssuedAt(issuedAt)
                .withJWTId(UUID.randomUUID().toString());
        if (keyId != null) {
            builder.withKeyId(keyId);
        }
        if (expiresAt != null) {
            builder.withExpiresAt(expiresAt);
        }
        tweak.accept(builder);
        return builder.sign(algorithm);
    }

    private static Algorithm serverKey() {
        return Algorithm.RSA256(key.publicKey(), key.privateKey());
    }

    private static String good() {
        Instant now = Instant.now();
        return token(serverKey(), kid, "at+jwt", ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)));
    }

    private static String algNone() {
        Instant now = Instant.now();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "none");
        header.put("typ", "at+jwt");
        header.put("kid", kid);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", ISSUER);
        payload.put("aud", AUDIENCE);
        payload.put("sub", userId);
        payload.put("sid", sessionId);
        payload.put("email", EMAIL);
        payload.put("name", "Token Owner");
        payload.put("roles", List.of("user"));
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
        payload.put("jti", UUID.randomUUID().toString());
        return b64Json(header) + "." + b64Json(payload) + ".";
    }

    /** The classic key-confusion attack: HS256 with the server's public RSA key (from the JWKS) as the secret. */
    private static String hs256WithPublicKey() {
        Instant now = Instant.now();
        RSAPublicKey published = publishedKey(server.client(), kid);
        assertThat(published.getModulus()).isEqualTo(key.publicKey().getModulus());
        return token(Algorithm.HMAC256(published.getEncoded()), kid, "at+jwt", ISSUER, AUDIENCE, now,
                now.plus(Duration.ofMinutes(5)));
    }

    private static String unknownKid() {
        Instant now = Instant.now();
        return token(serverKey(), "unknown-" + UUID.randomUUID(), "at+jwt", ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)));
    }

    private static String noKid() {
        Instant now = Instant.now();
        return token(serverKey(), null, "at+jwt", ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)));
    }

    private static String otherKeyWithRealKid() {
        Instant now = Instant.now();
        SigningKey other = RsaKeys.generate();
        return token(Algorithm.RSA256(other.publicKey(), other.privateKey()), kid, "at+jwt", ISSUER, AUDIENCE, now,
                now.plus(Duration.ofMinutes(5)));
    }

    private static String wrongIssuer() {
        Instant now = Instant.now();
        return token(serverKey(), kid, "at+jwt", "https://evil.example", AUDIENCE, now, now.plus(Duration.ofMinutes(5)));
    }

    private static String wrongAudience() {
        Instant now = Instant.now();
        return token(serverKey(), kid, "at+jwt", ISSUER, "some-other-service", now, now.plus(Duration.ofMinutes(5)));
    }

    private static String expired() {
        Instant now = Instant.now();
        return token(serverKey(), kid, "at+jwt", ISSUER, AUDIENCE, now.minus(Duration.ofMinutes(17)),
                now.minus(Duration.ofMinutes(2)));
    }

    private static String noExp() {
        return token(serverKey(), kid, "at+jwt", ISSUER, AUDIENCE, Instant.now(), null);
    }

    private static String plainJwtType() {
        Instant now = Instant.now();
        return token(serverKey(), kid, "JWT", ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)));
    }

    /** Correct in every respect except what {@code tweak} changes. */
    private static String goodExcept(Consumer<JWTCreator.Builder> tweak) {
        Instant now = Instant.now();
        return token(serverKey(), kid, "at+jwt", ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(5)), tweak);
    }

    private static String issuedInTheFuture() {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        return token(serverKey(), kid, "at+jwt", ISSUER, AUDIENCE, later, later.plus(Duration.ofMinutes(5)));
    }

    private static String signatureTampered() {
        String good = good();
        int dot = good.lastIndexOf('.');
        // swap the payload for one naming the bootstrap admin's role, keep the original signature
        String[] parts = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("[\"user\"]", "[\"admin\"]");
        return parts[0] + "." + B64URL.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + good.substring(dot);
    }

    static Stream<Arguments> forgedTokens() {
        return Stream.of(
                Arguments.of("alg none, empty signature", (Supplier<String>) TokenSecurityIT::algNone),
                Arguments.of("HS256 keyed with the RSA public key", (Supplier<String>) TokenSecurityIT::hs256WithPublicKey),
                Arguments.of("unknown kid", (Supplier<String>) TokenSecurityIT::unknownKid),
                Arguments.of("no kid", (Supplier<String>) TokenSecurityIT::noKid),
                Arguments.of("another RSA key with the real kid", (Supplier<String>) TokenSecurityIT::otherKeyWithRealKid),
                Arguments.of("payload changed after signing", (Supplier<String>) TokenSecurityIT::signatureTampered),
                Arguments.of("wrong iss", (Supplier<String>) TokenSecurityIT::wrongIssuer),
                Arguments.of("wrong aud", (Supplier<String>) TokenSecurityIT::wrongAudience),
                Arguments.of("expired two minutes ago", (Supplier<String>) TokenSecurityIT::expired),
                Arguments.of("no exp", (Supplier<String>) TokenSecurityIT::noExp),
                Arguments.of("typ JWT instead of at+jwt", (Supplier<String>) TokenSecurityIT::plainJwtType),
                Arguments.of("not valid before five minutes from now", (Supplier<String>) () ->
                        goodExcept(b -> b.withNotBefore(Instant.now().plus(Duration.ofMinutes(5))))),
                Arguments.of("issued ten minutes in the future", (Supplier<String>) TokenSecurityIT::issuedInTheFuture),
                Arguments.of("sub not a UUID", (Supplier<String>) () -> goodExcept(b -> b.withSubject("not-a-uuid"))),
                Arguments.of("sid not a UUID", (Supplier<String>) () -> goodExcept(b -> b.withClaim("sid", "not-a-uuid"))),
                Arguments.of("sid of another user's session", (Supplier<String>) () ->
                        goodExcept(b -> b.withClaim("sid", otherUsersSessionId))),
                Arguments.of("sid of a session that does not exist", (Supplier<String>) () ->
                        goodExcept(b -> b.withClaim("sid", UUID.randomUUID().toString()))),
                Arguments.of("roles not a list", (Supplier<String>) () -> goodExcept(b -> b.withClaim("roles", "admin"))),
                Arguments.of("refresh token as bearer", (Supplier<String>) () -> realRefreshToken),
                Arguments.of("garbage", (Supplier<String>) () -> "garbage"),
                Arguments.of("three garbage segments", (Supplier<String>) () -> "eyJhbGciOi.bm90IGpzb24.c2ln"),
                Arguments.of("empty bearer", (Supplier<String>) () -> ""));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aCorrectlySignedTokenForARealSessionIsAccepted() {
        // the positive control: the factory above makes tokens the server accepts, so each rejection
        // below is caused by the one defect under test
        ApiResponse me = server.client().get("/api/auth/me").bearer(good()).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(userId);
        assertThat(me.json().get("email").asText()).isEqualTo(EMAIL);

        assertThat(server.client().get("/api/auth/me").bearer(realAccessToken).send().status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedOrUnfitTokensAreRejected(String description, Supplier<String> forged) {
        String token = forged.get();
        ApiResponse response = server.client().get("/api/auth/me")
                .header("Authorization", ("Bearer " + token).trim())
                .invalidRequest()
                .send();
        assertUnauthorized(response);
    }

    @Test
    void missingAuthorizationHeaderIsRejected() {
        assertUnauthorized(server.client().get("/api/auth/me").send());
    }

    @Test
    void basicSchemeIsRejected() {
        String credentials = Base64.getEncoder().encodeToString(
                (EMAIL + ":Correct-Horse-" + EMAIL.hashCode()).getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(server.client().get("/api/auth/me")
                .header("Authorization", "Basic " + credentials).invalidRequest().send());
        // a real access token under another scheme name is not a bearer token either
        assertUnauthorized(server.client().get("/api/auth/me")
                .header("Authorization", "Token " + realAccessToken).invalidRequest().send());
    }

    @Test
    void jwksPublishesExactlyTheConfiguredKey() {
        ApiResponse jwks = server.client().get("/.well-known/jwks.json").send();
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys")).hasSize(1);
        JsonNode jwk = jwks.json().get("keys").get(0);
        assertThat(jwk.get("kid").asText()).isEqualTo(key.kid());
        assertThat(jwk.has("d")).as("no private part").isFalse();
        assertThat(publishedKey(server.client(), kid).getModulus()).isEqualTo(key.publicKey().getModulus());
    }

    @Test
    void developmentKeyIsGeneratedOnceAndSurvivesARestart() throws IOException {
        DatabaseConfig database;
        Path dataDir;
        String kidBefore;
        String tokenFromFirst;
        byte[] pemBefore;
        try (AuthUnderTest first = new AuthUnderTest().start()) {
            dataDir = first.dataDir();
            database = first.databaseConfig();
            Path pem = dataDir.resolve("keys").resolve("auth-signing-key.pem");
            assertThat(pem).exists();
            if (pem.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(Files.getPosixFilePermissions(pem))
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            pemBefore = Files.readAllBytes(pem);
            kidBefore = onlyKid(first.client());
            tokenFromFirst = first.newUser("restart@example.com").get("accessToken").asText();
            assertThat(JWT.decode(tokenFromFirst).getKeyId()).isEqualTo(kidBefore);
        }
        try (AuthUnderTest second = new AuthUnderTest().database(database).with("PORTAL_DATA_DIR", dataDir.toString()).start()) {
            assertThat(onlyKid(second.client())).isEqualTo(kidBefore);
            assertThat(Files.readAllBytes(dataDir.resolve("keys").resolve("auth-signing-key.pem"))).isEqualTo(pemBefore);
            ApiResponse me = second.client().get("/api/auth/me").bearer(tokenFromFirst).send();
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("email").asText()).isEqualTo("restart@example.com");
        }
    }

    @Test
    void productionRefusesToStartWithoutASigningKeyFile() {
        Map<String, String> production = Map.of(
                "PORTAL_ENV", "production",
                "DATABASE_URL", "jdbc:postgresql://db.internal:5432/portal",
                "DATABASE_USER", "auth",
                "DATABASE_PASSWORD", "a-real-secret-from-the-vault",
                "SMTP_HOST", "smtp.example.com",
                "MAIL_FROM", "no-reply@example.com",
                "CONSOLE_BASE_URL", "https://portal.example.com",
                "MFA_KEY_FILE", "/run/secrets/mfa-key");
        assertThatThrownBy(() -> AuthConfig.fromEnv(new Env(production)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("AUTH_SIGNING_KEY_FILE");

        // control: the same environment with a key file is accepted, so the key file was the only problem
        Map<String, String> withKey = new LinkedHashMap<>(production);
        withKey.put("AUTH_SIGNING_KEY_FILE", "/run/secrets/auth-signing-key.pem");
        assertThat(AuthConfig.fromEnv(new Env(withKey)).signingKeyFile()).isPresent();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertUnauthorized(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.isProblem()).as("problem+json: " + response.contentType()).isTrue();
        assertThat(response.header("WWW-Authenticate")).isNotNull().startsWith("Bearer");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.path("requestId").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "com.auth0");
    }

    private static String onlyKid(ApiClient client) {
        JsonNode keys = client.get("/.well-known/jwks.json").send().json().get("keys");
        assertThat(keys).hasSize(1);
        return keys.get(0).get("kid").asText();
    }

    private static RSAPublicKey publishedKey(ApiClient client, String keyId) {
        JsonNode keys = client.get("/.well-known/jwks.json").send().json().get("keys");
        for (JsonNode jwk : keys) {
            if (jwk.get("kid").asText().equals(keyId)) {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()));
                try {
                    return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                } catch (GeneralSecurityException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        throw new AssertionError("kid " + keyId + " not in JWKS " + keys);
    }

    private static String b64Json(Map<String, ?> value) {
        try {
            return B64URL.encodeToString(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
