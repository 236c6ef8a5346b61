package dev.portalsuite.auth.oidc;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake Google and Azure on loopback: a MockWebServer publishing the JWKS of a test RSA key at
 * {@code /google/jwks} and {@code /azure/jwks}, and ID tokens signed by that key.
 */
public final class FakeProvider implements AutoCloseable {
    public static final String GOOGLE_CLIENT = "google-client-123.apps.googleusercontent.com";
    public static final String AZURE_CLIENT = "9f4c6a1e-0000-4000-8000-00000000a2e1";
    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String OTHER_TENANT = "11111111-2222-4333-8444-555555555555";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SigningKey key = RsaKeys.generate();
    private final MockWebServer server = new MockWebServer();

    public FakeProvider() {
        String jwks;
        try {
            jwks = JSON.writeValueAsString(Map.of("keys", List.of(RsaKeys.toJwk(key.kid(), key.publicKey()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                if (path.equals("/google/jwks") || path.equals("/azure/jwks")) {
                    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(jwks).build();
                }
                return new MockResponse.Builder().code(404).build();
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SigningKey key() {
        return key;
    }

    /** Environment for auth-service: both providers on, Azure restricted to {@link #TENANT} when asked. */
    public Map<String, String> env(boolean restrictTenant) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOOGLE_CLIENT_ID", GOOGLE_CLIENT);
        env.put("GOOGLE_JWKS_URL", server.url("/google/jwks").toString());
        env.put("AZURE_CLIENT_ID", AZURE_CLIENT);
        env.put("AZURE_JWKS_URL", server.url("/azure/jwks").toString());
        if (restrictTenant) {
            env.put("AZURE_TENANT_ID", TENANT);
        }
        return env;
    }

    /** A valid Google ID token for {@code sub} and a verified {@code email}, changed by {@code tweak}. */
    public String google(String sub, String email, Consumer<JWTCreator.Builder> tweak) {
        Instant now = Instant.now();
        JWTCreator.Builder builder = JWT.create()
                .withKeyId(key.kid())
                .withIssuer("https://accounts.google.com")
                .withAudience(GOOGLE_CLIENT)
                .withClaim("azp", GOOGLE_CLIENT)
                .withSubject(sub)
                .withClaim("email", email)
                .withClaim("email_verified", true)
                .withClaim("name", "Google " + sub)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(Duration.ofMinutes(5)));
        tweak.accept(builder);
        return builder.sign(Algorithm.RSA256(key.publicKey(), key.privateKey()));
    }

    public String google(String sub, String email) {
        return google(sub, email, b -> { });
    }

    /** A valid Azure (Entra ID v2.0) ID token of {@code oid} in {@code tenant}, changed by {@code tweak}. */
    public String azure(String tenant, String oid, String email, Consumer<JWTCreator.Builder> tweak) {
        Instant now = Instant.now();
        JWTCreator.Builder builder = JWT.create()
                .withKeyId(key.kid())
                .withIssuer("https://login.microsoftonline.com/" + tenant + "/v2.0")
                .withAudience(AZURE_CLIENT)
                .withSubject("pairwise-" + oid)
                .withClaim("tid", tenant)
                .withClaim("oid", oid)
                .withClaim("email", email)
                .withClaim("preferred_username", email)
                .withClaim("name", "Azure " + oid.substring(0, 8))
                .withIssuedAt(now)
                .withNotBefore(now)
                .withExpiresAt(now.plus(Duration.ofMinutes(5)));
        tweak.accept(builder);
        return builder.sign(Algorithm.RSA256(key.publicKey(), key.privateKey()));
    }

    public String azure(String tenant, String oid, String email) {
        return azure(tenant, oid, email, b -> { });
    }

    /** An unsigned token ({@code alg: none}) with otherwise valid Google claims. */
    public String googleAlgNone(String sub, String email) {
        String valid = google(sub, email);
        String[] parts = valid.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    public int requestCount() {
        return server.getRequestCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
