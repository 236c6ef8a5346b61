package dev.portalsuite.portal;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * A real portal-service for tests: built by {@link PortalApp#create} like {@code main} does, on a fresh
 * PostgreSQL database, listening on a free loopback port, verifying tokens minted by {@link TestTokens}
 * with the real shared-lib issuer, with a client that validates every exchange against openapi.yaml.
 * The service's clock is a {@link TestClock}; token verification uses the real clock.
 */
public final class PortalTestServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final TestTokens TOKENS = new TestTokens();

    private final PortalApp app;
    private final ApiClient client;
    private final TestClock clock;
    private final DatabaseConfig database;

    private PortalTestServer(PortalApp app, TestClock clock, DatabaseConfig database) {
        this.app = app;
        this.clock = clock;
        this.database = database;
        this.client = new ApiClient("http://127.0.0.1:" + app.port(), PortalApp.OPENAPI);
    }

    public static PortalTestServer start() {
        return start(Map.of());
    }

    public static PortalTestServer start(Map<String, String> overrides) {
        return start(TestPostgres.newDatabase(), overrides);
    }

    /** Starts an instance on an existing database (a second instance sharing state with the first). */
    public static PortalTestServer start(DatabaseConfig database, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.putAll(overrides);
        PortalConfig config = PortalConfig.fromEnv(new Env(env));
        TestClock clock = TestClock.ticking(Instant.now());
        TokenVerifier verifier = TokenVerifier.withKeys(Map.of(TOKENS.key().kid(), TOKENS.key().publicKey()),
                TestTokens.SETTINGS, Clock.systemUTC());
        return new PortalTestServer(PortalApp.create(config, new PortalApp.Deps(clock, verifier)).start(), clock, database);
    }

    public ApiClient client() {
        return client;
    }

    public TestClock clock() {
        return clock;
    }

    public DatabaseConfig databaseConfig() {
        return database;
    }

    public Jdbi jdbi() {
        return app.database().jdbi();
    }

    public PortalApp app() {
        return app;
    }

    // ------------------------------------------------------------------ tokens

    public static String adminToken() {
        return TOKENS.user(UUID.randomUUID(), List.of("admin"), null, null);
    }

    public static String userToken(UUID userId, String role, UUID orgId, String orgType) {
        return TOKENS.user(userId, List.of(role), orgId, orgType);
    }

    /** A user with {@code role} belonging to {@code org} (a JSON Org from the API). */
    public static String memberToken(String role, JsonNode org) {
        return TOKENS.user(UUID.randomUUID(), List.of(role), UUID.fromString(org.get("id").asText()),
                org.get("type").asText());
    }

    public static String serviceToken(String... scopes) {
        return TOKENS.service("test-sync-client", List.of(scopes));
    }

    public static String ingestToken() {
        return serviceToken("portal:ingest");
    }

    // ------------------------------------------------------------------ data through the API (as admin)

    public JsonNode createOrg(String type, String name, JsonNode parent) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("name", name);
        if (parent != null) {
            body.put("parentId", parent.get("id").asText());
        }
        return created(client.post("/api/portal/orgs").bearer(adminToken()).json(body.toString()).send());
    }

    public JsonNode createOrg(ObjectNode body) {
        return created(client.post("/api/portal/orgs").bearer(adminToken()).json(body.toString()).send());
    }

    public JsonNode createProduct(String code, String name) {
        return created(client.post("/api/portal/products").bearer(adminToken())
                .json(JSON.createObjectNode().put("code", code).put("name", name).toString()).send());
    }

    public JsonNode notify(ObjectNode audience, String title) {
        ObjectNode body = JSON.createObjectNode();
        body.set("audience", audience);
        body.put("title", title).put("message", "Message of " + title).put("type", "info");
        return created(client.post("/api/portal/notifications").bearer(adminToken()).json(body.toString()).send());
    }

    /** Starts a sync run and returns its id. */
    public String startRun(String source, JsonNode mssp) {
        return created(client.post("/api/portal/sync-runs").bearer(ingestToken())
                .json(JSON.createObjectNode().put("source", source).put("msspOrgId", mssp.get("id").asText()).toString())
                .send()).get("id").asText();
    }

    public ApiResponse sendRecords(String runId, List<? extends JsonNode> records) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("records").addAll(records.stream().map(JsonNode.class::cast).toList());
        return client.post("/api/portal/sync-runs/" + runId + "/records").bearer(ingestToken()).json(body.toString()).send();
    }

    public ApiResponse finishRun(String runId, String status, boolean deactivateMissing) {
        return client.post("/api/portal/sync-runs/" + runId + "/finish").bearer(ingestToken())
                .json(JSON.createObjectNode().put("status", status).put("deactivateMissing", deactivateMissing).toString())
                .send();
    }

    public static ObjectNode record(String externalId, String type, String name, String parentExternalId) {
        ObjectNode node = JSON.createObjectNode().put("externalId", externalId).put("type", type).put("name", name);
        if (parentExternalId != null) {
            node.put("parentExternalId", parentExternalId);
        }
        return node;
    }

    private static JsonNode created(ApiResponse response) {
        if (response.status() != 201) {
            throw new AssertionError("expected 201: " + response);
        }
        return response.json();
    }

    // ------------------------------------------------------------------ database

    public long count(String sql, Object... args) {
        return jdbi().withHandle(h -> {
            var query = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(Long.class).one();
        });
    }

    /** Row counts of every portal table, to prove that a rejected request wrote nothing. */
    public Map<String, Long> tableCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : List.of("orgs", "products", "org_products", "notifications", "notification_reads",
                "sync_runs", "sync_run_seen", "sync_run_pending", "sync_run_rejections", "audit_events")) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        counts.put("orgs changed", count("SELECT count(*) FROM orgs WHERE updated_at <> created_at"));
        return counts;
    }

    @Override
    public void close() {
        client.assertNoViolations();
        app.close();
    }
}
