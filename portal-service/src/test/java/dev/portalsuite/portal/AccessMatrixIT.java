package dev.portalsuite.portal;

import static dev.portalsuite.portal.PortalUnderTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every endpoint, called by every kind of caller, with the status each must get. Two tenants (MSSP A with
 * MSP A1 and client A1a; MSSP B with MSP B1): nobody of tenant A may see or touch tenant B, and what lies
 * outside a caller's scope is 404, never 403.
 */
class AccessMatrixIT {
    enum Who { ADMIN, MSSP_A, MSP_A1, CLIENT_A1A, PLAIN_USER, SERVICE_INGEST, SERVICE_NO_SCOPE, NO_TOKEN }

    /** One request; {@code build} may create fresh data (as admin) so that every caller gets its own target. */
    record Row(String name, Function<Who, ApiClient.Call> build, int... expected) {
    }

    @RegisterExtension

    static final PortalUnderTest server = new PortalUnderTest();
    private static final Map<Who, String> TOKENS = new EnumMap<>(Who.class);
    private static final Map<Who, UUID> USER_IDS = new EnumMap<>(Who.class);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static JsonNode msspA;
    private static JsonNode mspA1;
    private static JsonNode clientA1a;
    private static JsonNode msspB;
    private static JsonNode mspB1;
    private static JsonNode product;
    private static String notificationOfB;

    @BeforeAll
    static void start() {
        msspA = server.createOrg("MSSP", "Matrix A", null);
        mspA1 = server.createOrg("MSP", "Matrix A1", msspA);
        clientA1a = server.createOrg("CLIENT", "Matrix A1a", mspA1);
        msspB = server.createOrg("MSSP", "Matrix B", null);
        mspB1 = server.createOrg("MSP", "Matrix B1", msspB);
        product = server.createProduct("MATRIX", "Matrix product");
        notificationOfB = server.notify(JSON.createObjectNode().put("orgId", id(msspB)), "for B").get("id").asText();
        for (Who who : Who.values()) {
            UUID userId = UUID.randomUUID();
            USER_IDS.put(who, userId);
            TOKENS.put(who, switch (who) {
                case ADMIN -> PortalUnderTest.userToken(userId, "admin", null, null);
                case MSSP_A -> PortalUnderTest.userToken(userId, "mssp", UUID.fromString(id(msspA)), "MSSP");
                case MSP_A1 -> PortalUnderTest.userToken(userId, "msp", UUID.fromString(id(mspA1)), "MSP");
                case CLIENT_A1A -> PortalUnderTest.userToken(userId, "client", UUID.fromString(id(clientA1a)), "CLIENT");
                case PLAIN_USER -> PortalUnderTest.userToken(userId, "user", null, null);
                case SERVICE_INGEST -> PortalUnderTest.serviceToken("portal:ingest");
                case SERVICE_NO_SCOPE -> PortalUnderTest.serviceToken();
                case NO_TOKEN -> null;
            });
        }
    }

    private static String id(JsonNode node) {
        return node.get("id").asText();
    }

    private static ApiClient.Call call(Who who, String method, String path) {
        ApiClient client = server.client();
        ApiClient.Call call = switch (method) {
            case "GET" -> client.get(path);
            case "POST" -> client.post(path);
            case "PUT" -> client.put(path);
            case "PATCH" -> client.patch(path);
            case "DELETE" -> client.delete(path);
            default -> throw new IllegalArgumentException(method);
        };
        return TOKENS.get(who) == null ? call : call.bearer(TOKENS.get(who));
    }

    private static Function<Who, ApiClient.Call> get(String path) {
        return who -> call(who, "GET", path);
    }

    private static Function<Who, ApiClient.Call> json(String method, String path, Function<Who, String> body) {
        return who -> call(who, method, path).json(body.apply(who));
    }

    private static String newOrg(String type, JsonNode parent) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("name", type + " " + SEQ.incrementAndGet());
        if (parent != null) {
            body.put("parentId", id(parent));
        }
        return body.toString();
    }

    private static String runId() {
        return server.startRun("matrix-" + SEQ.incrementAndGet(), msspA);
    }

    private static List<Row> rows() {
        String orgs = "/api/portal/orgs/";
        String productPath = orgs + id(msspA) + "/products/" + id(product);
        String records = "{\"records\":[{\"externalId\":\"x\",\"type\":\"MSP\",\"name\":\"X\"}]}";
        return List.of(
                //                                                             ADMIN MSSP_A MSP_A1 CLIENT PLAIN INGEST NOSCOPE NONE
                new Row("GET dashboard", get("/api/portal/dashboard"), 200, 200, 200, 200, 200, 200, 200, 401),
                new Row("GET orgs", get("/api/portal/orgs"), 200, 200, 200, 200, 200, 200, 200, 401),
                new Row("GET org MSSP A", who -> call(who, "GET", orgs + id(msspA)), 200, 200, 404, 404, 404, 404, 404, 401),
                new Row("GET org MSP A1", who -> call(who, "GET", orgs + id(mspA1)), 200, 200, 200, 404, 404, 404, 404, 401),
                new Row("GET org client A1a", who -> call(who, "GET", orgs + id(clientA1a)), 200, 200, 200, 200, 404, 404, 404, 401),
                new Row("GET org MSSP B", who -> call(who, "GET", orgs + id(msspB)), 200, 404, 404, 404, 404, 404, 404, 401),
                new Row("GET org unknown", who -> call(who, "GET", orgs + UUID.randomUUID()), 404, 404, 404, 404, 404, 404, 404, 401),
                new Row("GET children of MSSP A", who -> call(who, "GET", "/api/portal/orgs").query("parentId", id(msspA)),
                        200, 200, 404, 404, 404, 404, 404, 401),
                new Row("GET children of MSSP B", who -> call(who, "GET", "/api/portal/orgs").query("parentId", id(msspB)),
                        200, 404, 404, 404, 404, 404, 404, 401),
                new Row("POST MSP under A", json("POST", "/api/portal/orgs", who -> newOrg("MSP", msspA)),
                        201, 201, 400, 403, 403, 403, 403, 401),
                new Row("POST client under A1", json("POST", "/api/portal/orgs", who -> newOrg("CLIENT", mspA1)),
                        201, 201, 201, 403, 403, 403, 403, 401),
                new Row("POST client under B1", json("POST", "/api/portal/orgs", who -> newOrg("CLIENT", mspB1)),
                        201, 400, 400, 403, 403, 403, 403, 401),
                new Row("POST MSSP", json("POST", "/api/portal/orgs", who -> newOrg("MSSP", null)),
                        201, 403, 403, 403, 403, 403, 403, 401),
                new Row("PATCH MSSP A", json("PATCH", orgs + id(msspA), who -> "{\"devices\":1}"),
                        200, 403, 404, 403, 403, 403, 403, 401),
                new Row("PATCH MSP A1", json("PATCH", orgs + id(mspA1), who -> "{\"devices\":2}"),
                        200, 200, 403, 403, 403, 403, 403, 401),
                new Row("PATCH client A1a", json("PATCH", orgs + id(clientA1a), who -> "{\"devices\":3}"),
                        200, 200, 200, 403, 403, 403, 403, 401),
                new Row("PATCH MSSP B", json("PATCH", orgs + id(msspB), who -> "{\"devices\":4}"),
                        200, 404, 404, 403, 403, 403, 403, 401),
                new Row("DELETE (archive) a client of A1", who -> call(who, "DELETE",
                        orgs + id(server.createOrg("CLIENT", "Doomed " + SEQ.incrementAndGet(), mspA1))),
                        204, 403, 403, 403, 403, 403, 403, 401),
                new Row("GET products", get("/api/portal/products"), 200, 200, 200, 200, 200, 200, 200, 401),
                new Row("GET products of MSSP B", who -> call(who, "GET", "/api/portal/products").query("orgId", id(msspB)),
                        200, 404, 404, 404, 404, 404, 404, 401),
                new Row("POST product", json("POST", "/api/portal/products",
                        who -> "{\"code\":\"P" + SEQ.incrementAndGet() + "\",\"name\":\"Product\"}"),
                        201, 403, 403, 403, 403, 403, 403, 401),
                new Row("PUT org product", who -> call(who, "PUT", productPath), 204, 403, 403, 403, 403, 403, 403, 401),
                new Row("DELETE org product", who -> call(who, "DELETE", productPath), 204, 403, 403, 403, 403, 403, 403, 401),
                new Row("GET notifications", get("/api/portal/notifications"), 200, 200, 200, 200, 200, 403, 403, 401),
                new Row("GET unread count", get("/api/portal/notifications/unread-count"), 200, 200, 200, 200, 200, 403, 403, 401),
                new Row("POST read own notification", json("POST", "/api/portal/notifications/read", who -> "{\"ids\":[\""
                        + server.notify(JSON.createObjectNode().put("userId", USER_IDS.get(who).toString()), "mine").get("id").asText()
                        + "\"]}"), 200, 200, 200, 200, 200, 403, 403, 401),
                new Row("POST read B's notification", json("POST", "/api/portal/notifications/read",
                        who -> "{\"ids\":[\"" + notificationOfB + "\"]}"), 404, 404, 404, 404, 404, 403, 403, 401),
                new Row("POST read all", who -> call(who, "POST", "/api/portal/notifications/read-all"),
                        200, 200, 200, 200, 200, 403, 403, 401),
                new Row("POST notification", json("POST", "/api/portal/notifications",
                        who -> "{\"audience\":{\"role\":\"inventory\"},\"title\":\"T\",\"message\":\"M\",\"type\":\"info\"}"),
                        201, 403, 403, 403, 403, 201, 403, 401),
                new Row("POST sync run", json("POST", "/api/portal/sync-runs",
                        who -> "{\"source\":\"matrix-" + SEQ.incrementAndGet() + "\",\"msspOrgId\":\"" + id(msspA) + "\"}"),
                        403, 403, 403, 403, 403, 201, 403, 401),
                new Row("POST sync records", who -> call(who, "POST", "/api/portal/sync-runs/" + runId() + "/records").json(records),
                        403, 403, 403, 403, 403, 200, 403, 401),
                new Row("POST sync finish", who -> call(who, "POST", "/api/portal/sync-runs/" + runId() + "/finish")
                        .json("{\"status\":\"SUCCEEDED\",\"deactivateMissing\":false}"),
                        403, 403, 403, 403, 403, 200, 403, 401),
                new Row("GET sync runs", get("/api/portal/sync-runs"), 200, 403, 403, 403, 403, 403, 403, 401),
                new Row("GET audit", get("/api/portal/admin/audit"), 200, 403, 403, 403, 403, 403, 403, 401),
                new Row("GET health live", get("/health/live"), 200, 200, 200, 200, 200, 200, 200, 200),
                new Row("GET health ready", get("/health/ready"), 200, 200, 200, 200, 200, 200, 200, 200),
                new Row("GET metrics", get("/metrics"), 200, 200, 200, 200, 200, 200, 200, 200),
                new Row("GET openapi", get("/api/portal/openapi.yaml"), 200, 200, 200, 200, 200, 200, 200, 200),
                new Row("GET docs", get("/api/portal/docs"), 200, 200, 200, 200, 200, 200, 200, 200));
    }

    @Test
    void everyEndpointGivesEveryCallerTheExpectedStatus() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Row row : rows()) {
            assertThat(row.expected()).as(row.name()).hasSize(Who.values().length);
            for (Who who : Who.values()) {
                int expected = row.expected()[who.ordinal()];
                ApiResponse response = row.build().apply(who).send();
                checked++;
                if (response.status() != expected) {
                    mismatches.add(row.name() + " as " + who + ": expected " + expected + ", got " + response);
                    continue;
                }
                if (expected >= 400) {
                    if (!response.isProblem()) {
                        mismatches.add(row.name() + " as " + who + ": not problem+json: " + response.contentType());
                    }
                    if (expected == 401 && response.header("WWW-Authenticate") == null) {
                        mismatches.add(row.name() + " as " + who + ": 401 without WWW-Authenticate");
                    }
                }
            }
        }
        assertThat(mismatches).as("of " + checked + " calls").isEmpty();
        assertThat(checked).isEqualTo(rows().size() * Who.values().length);
    }

    @Test
    void operationsEndpointsServeWhatTheySay() {
        call(Who.ADMIN, "GET", "/api/portal/orgs/" + id(msspA)).send();
        String metrics = call(Who.NO_TOKEN, "GET", "/metrics").send().body();
        assertThat(metrics).contains("http_server_requests_seconds").contains("route=\"/api/portal/orgs/{id}\"")
                .contains("service=\"portal-service\"").contains("hikaricp_connections");
        assertThat(call(Who.NO_TOKEN, "GET", "/api/portal/openapi.yaml").send().body()).startsWith("openapi: 3.0.3");
        assertThat(call(Who.NO_TOKEN, "GET", "/api/portal/docs").send().body()).contains("swagger-ui");
        JsonNode ready = call(Who.NO_TOKEN, "GET", "/health/ready").send().json();
        assertThat(ready.get("status").asText()).isEqualTo("UP");
        assertThat(ready.get("checks").get("database").asText()).isEqualTo("UP");
        ApiResponse withId = call(Who.ADMIN, "GET", "/api/portal/dashboard").header("X-Request-Id", "trace-me-123").send();
        assertThat(withId.header("X-Request-Id")).isEqualTo("trace-me-123");
    }

    @Test
    void outOfScopeAnswersAreIndistinguishableFromMissingOnes() {
        ApiResponse foreign = call(Who.MSSP_A, "GET", "/api/portal/orgs/" + id(msspB)).send();
        ApiResponse missing = call(Who.MSSP_A, "GET", "/api/portal/orgs/" + UUID.randomUUID()).send();
        assertThat(foreign.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(foreign.json().get("detail").asText()).isEqualTo(missing.json().get("detail").asText());
        assertThat(foreign.json().get("title").asText()).isEqualTo(missing.json().get("title").asText());
    }
}
