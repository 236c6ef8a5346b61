package dev.portalsuite.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import dev.portalsuite.shared.testing.TestTokens;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A real freshness-service for tests: built by {@link FreshnessApp#create} like {@code main} does, on a fresh
 * PostgreSQL database, listening on a free loopback port, with a client that validates every exchange against
 * openapi.yaml. Tokens are minted with the real issuer by {@link TestTokens}; "today" comes from a
 * {@link TestClock} the test controls (token expiry is checked against the real clock).
 */
public final class FreshnessTestServer implements AutoCloseable {
    public static final String PUBLIC_BASE_URL = "https://fresh.example.test";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FreshnessApp app;
    private final ApiClient client;
    private final TestClock clock;
    private final TestTokens tokens;
    private final ZoneId zone;

    private FreshnessTestServer(FreshnessApp app, TestClock clock, TestTokens tokens) {
        this.app = app;
        this.clock = clock;
        this.tokens = tokens;
        this.zone = app.config().zone();
        this.client = new ApiClient("http://127.0.0.1:" + app.port(), FreshnessApp.OPENAPI);
    }

    /** Starts a server on a fresh database; "now" starts at {@code now}. */
    public static FreshnessTestServer start(Map<String, String> overrides, Instant now) {
        return start(TestPostgres.newDatabase(), overrides, now);
    }

    public static FreshnessTestServer start(DatabaseConfig database, Map<String, String> overrides, Instant now) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("PUBLIC_BASE_URL", PUBLIC_BASE_URL);
        env.putAll(overrides);
        FreshnessConfig config = FreshnessConfig.fromEnv(new Env(env));
        TestTokens tokens = new TestTokens();
        TokenVerifier verifier = TokenVerifier.withKeys(Map.of(tokens.key().kid(), tokens.key().publicKey()),
                TestTokens.SETTINGS, Clock.systemUTC());
        TestClock clock = new TestClock(now);
        return new FreshnessTestServer(FreshnessApp.create(config, new FreshnessApp.Deps(clock, verifier)).start(),
                clock, tokens);
    }

    public ApiClient client() {
        return client;
    }

    public Jdbi jdbi() {
        return app.database().jdbi();
    }

    public String url() {
        return client.baseUrl();
    }

    public FreshnessApp app() {
        return app;
    }

    // ---------------------------------------------------------------- time

    public void setNow(Instant instant) {
        clock.set(instant);
    }

    /** Sets "now" to a wall-clock time in the service's FRESHNESS_ZONE. */
    public void setLocalTime(LocalDateTime local) {
        clock.set(local.atZone(zone).toInstant());
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
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
        return client.post("/api/freshness/batches").bearer(token).json(body.toString()).send();
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

    public long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        client.assertNoViolations();
        app.close();
    }
}
