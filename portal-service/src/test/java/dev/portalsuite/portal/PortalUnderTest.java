package dev.portalsuite.portal;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * portal-service under test ({@link ServiceUnderTest}): built by {@link PortalApp#create}, verifying tokens minted by
 * {@link TestTokens} (or auth-service's, see {@link #verifyingTokensOf}), on a ticking {@link TestClock}; plus
 * portal's token and data conveniences.
 */
public final class PortalUnderTest extends ServiceUnderTest<PortalApp, PortalUnderTest> {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final TestTokens TOKENS = new TestTokens();

    public PortalUnderTest() {
        super(PortalApp.OPENAPI, PortalApp::port, PortalApp::database);
    }

    @Override
    protected Clock defaultClock() {
        return TestClock.ticking(Instant.now());
    }

    @Override
    protected PortalApp launch(Env env, Clock clock) {
        PortalConfig config = PortalConfig.fromEnv(env);
        TokenVerifier verifier = verifier(config.authKeys(), config.common().jwt(), TOKENS);
        return PortalApp.create(config, new PortalApp.Deps(clock, verifier)).start();
    }

    /** The service's {@link TestClock}, unless the test gave it another clock. */
    @Override
    public TestClock clock() {
        return (TestClock) super.clock();
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
        return created(client().post("/api/portal/orgs").bearer(adminToken()).json(body.toString()).send());
    }

    public JsonNode createOrg(ObjectNode body) {
        return created(client().post("/api/portal/orgs").bearer(adminToken()).json(body.toString()).send());
    }

    public JsonNode createProduct(String code, String name) {
        return created(client().post("/api/portal/products").bearer(adminToken())
                .json(JSON.createObjectNode().put("code", code).put("name", name).toString()).send());
    }

    public JsonNode notify(ObjectNode audience, String title) {
        ObjectNode body = JSON.createObjectNode();
        body.set("audience", audience);
        body.put("title", title).put("message", "Message of " + title).put("type", "info");
        return created(client().post("/api/portal/notifications").bearer(adminToken()).json(body.toString()).send());
    }

    /** Starts a sync run and returns its id. */
    public String startRun(String source, JsonNode mssp) {
        return created(client().post("/api/portal/sync-runs").bearer(ingestToken())
                .json(JSON.createObjectNode().put("source", source).put("msspOrgId", mssp.get("id").asText()).toString())
                .send()).get("id").asText();
    }

    public ApiResponse sendRecords(String runId, List<? extends JsonNode> records) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("records").addAll(records.stream().map(JsonNode.class::cast).toList());
        return client().post("/api/portal/sync-runs/" + runId + "/records").bearer(ingestToken()).json(body.toString()).send();
    }

    public ApiResponse finishRun(String runId, String status, boolean deactivateMissing) {
        return client().post("/api/portal/sync-runs/" + runId + "/finish").bearer(ingestToken())
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

    /** Row counts of every portal table, to prove that a rejected request wrote nothing. */
    public Map<String, Long> tableCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String table : List.of("orgs", "products", "org_products", "notifications", "notification_reads",
                "sync_runs", "sync_run_seen_batches", "sync_run_pending", "sync_run_rejections", "audit_events")) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        counts.put("orgs changed", count("SELECT count(*) FROM orgs WHERE updated_at <> created_at"));
        return counts;
    }
}
