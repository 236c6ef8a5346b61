package dev.portalsuite.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ServiceUnderTest;
import dev.portalsuite.shared.testing.TestClock;
import dev.portalsuite.shared.testing.TestTokens;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * freshness-service under test ({@link ServiceUnderTest}): built by {@link FreshnessApp#create}, verifying tokens minted
 * by its own {@link TestTokens}, "now" from a {@link TestClock} the test controls (token expiry is checked against
 * the real clock); plus freshness' token, time and batch conveniences.
 */
public final class FreshnessUnderTest extends ServiceUnderTest<FreshnessApp, FreshnessUnderTest> {
    public static final String PUBLIC_BASE_URL = "https://fresh.example.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestTokens tokens = new TestTokens();

    /** On the system clock, as in a suite of services. */
    public FreshnessUnderTest() {
        super(FreshnessApp.OPENAPI, FreshnessApp::port, FreshnessApp::database);
    }

    /** On a {@link TestClock} whose "now" starts at {@code now}. */
    public FreshnessUnderTest(Instant now) {
        this();
        clock(new TestClock(now));
    }

    @Override
    protected Map<String, String> defaults() {
        return Map.of("PUBLIC_BASE_URL", PUBLIC_BASE_URL);
    }

    @Override
    protected FreshnessApp launch(Env env, Clock clock) {
        FreshnessConfig config = FreshnessConfig.fromEnv(env);
        TokenVerifier verifier = verifier(config.authKeys(), config.common().jwt(), tokens);
        return FreshnessApp.create(config, new FreshnessApp.Deps(clock, verifier)).start();
    }

    private ZoneId zone() {
        return app().config().zone();
    }

    // ---------------------------------------------------------------- time

    /** The service's {@link TestClock}, unless it runs on the system clock. */
    @Override
    public TestClock clock() {
        return (TestClock) super.clock();
    }

    public void setNow(Instant instant) {
        clock().set(instant);
    }

    /** Sets "now" to a wall-clock time in the service's FRESHNESS_ZONE. */
    public void setLocalTime(LocalDateTime local) {
        clock().set(local.atZone(zone()).toInstant());
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock().instant(), zone());
    }

    // ---------------------------------------------------------------- tokens

    public TestTokens tokens() {
        return tokens;
    }

    public String admin() {
        return tokens.user(UUID.randomUUID(), List.of("admin"), null, null);
    }

    public String inventory(UUID orgId) {
        return tokens.user(UUID.randomUUID(), List.of("inventory"), orgId, orgId == null ? null : "CLIENT");
    }

    public String inventory(UUID userId, UUID orgId) {
        return tokens.user(userId, List.of("inventory"), orgId, orgId == null ? null : "CLIENT");
    }

    public String plainUser(UUID orgId) {
        return tokens.user(UUID.randomUUID(), List.of("user"), orgId, orgId == null ? null : "CLIENT");
    }

    public String service() {
        return tokens.service("some-client", List.of("portal:ingest"));
    }

    /** A well-formed token signed by a key this server does not know. */
    public static String foreignToken() {
        return new TestTokens().user(UUID.randomUUID(), List.of("admin"), null, null);
    }

    // ---------------------------------------------------------------- requests

    public static ObjectNode batchBody(String product, String identifier, LocalDate butcher, LocalDate arrival) {
        return MAPPER.createObjectNode().put("product", product).put("batchIdentifier", identifier)
                .put("butcherDate", butcher.toString()).put("arrivalDate", arrival.toString());
    }

    public ApiResponse create(String token, ObjectNode body) {
        return client().post("/api/freshness/batches").bearer(token).json(body.toString()).send();
    }

    /** Creates a batch that must succeed and returns it. */
    public JsonNode createBatch(String token, String product, String identifier, LocalDate arrival) {
        ApiResponse response = create(token, batchBody(product, identifier, arrival, arrival));
        if (response.status() != 201) {
            throw new AssertionError("batch creation failed: " + response);
        }
        return response.json();
    }

    /** Creates a batch of an organisation as an admin. */
    public JsonNode createBatchIn(UUID orgId, String product, String identifier, LocalDate arrival) {
        ApiResponse response = create(admin(), batchBody(product, identifier, arrival, arrival).put("orgId", orgId.toString()));
        if (response.status() != 201) {
            throw new AssertionError("batch creation failed: " + response);
        }
        return response.json();
    }
}
