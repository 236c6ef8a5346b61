package dev.portalsuite.portal;

import static dev.portalsuite.portal.PortalUnderTest.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets a 4xx problem+json and writes nothing: every portal table keeps its row count and no
 * organisation changes. Each request is built from an otherwise valid one by an authorised caller, so a
 * skipped check would show up as a write.
 */
class BadInputIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();
    private static JsonNode mssp;
    private static JsonNode msp;
    private static String notificationId;
    private static UUID userId;
    private static String userToken;
    private static String runId;
    private Map<String, Long> before;

    /** An endpoint with a body, its caller and a valid body; {@code required} is a field that must be present. */
    record Endpoint(String name, String method, String path, String token, ObjectNode valid, String required) {
    }

    @BeforeAll
    static void start() {
        mssp = server.createOrg("MSSP", "Bad Input MSSP", null);
        msp = server.createOrg("MSP", "Bad Input MSP", mssp);
        userId = UUID.randomUUID();
        userToken = PortalUnderTest.userToken(userId, "msp", UUID.fromString(msp.get("id").asText()), "MSP");
        notificationId = server.notify(JSON.createObjectNode().put("userId", userId.toString()), "Bad input").get("id").asText();
        runId = server.startRun("bad-input", mssp);
    }

    @BeforeEach
    void snapshot() {
        before = server.tableCounts();
    }

    private void assertNothingWritten() {
        assertThat(server.tableCounts()).isEqualTo(before);
    }

    private static List<Endpoint> endpoints() {
        String admin = PortalUnderTest.adminToken();
        String ingest = PortalUnderTest.ingestToken();
        ObjectNode record = PortalUnderTest.record("r1", "MSP", "Reseller", null);
        ObjectNode records = JSON.createObjectNode();
        records.putArray("records").add(record);
        ObjectNode notification = JSON.createObjectNode().put("title", "T").put("message", "M").put("type", "info");
        notification.set("audience", JSON.createObjectNode().put("role", "inventory"));
        ObjectNode read = JSON.createObjectNode();
        read.putArray("ids").add(notificationId);
        return List.of(
                new Endpoint("create org", "POST", "/api/portal/orgs", admin, JSON.createObjectNode().put("type", "CLIENT")
                        .put("name", "Fresh").put("parentId", msp.get("id").asText()), "name"),
                new Endpoint("update org", "PATCH", "/api/portal/orgs/" + msp.get("id").asText(), admin,
                        JSON.createObjectNode().put("name", "Renamed"), "name"),
                new Endpoint("create product", "POST", "/api/portal/products", admin,
                        JSON.createObjectNode().put("code", "FRESH").put("name", "Fresh"), "name"),
                new Endpoint("create notification", "POST", "/api/portal/notifications", admin, notification, "type"),
                new Endpoint("mark read", "POST", "/api/portal/notifications/read", userToken, read, "ids"),
                new Endpoint("start run", "POST", "/api/portal/sync-runs", ingest, JSON.createObjectNode()
                        .put("source", "fresh").put("msspOrgId", mssp.get("id").asText()), "msspOrgId"),
                new Endpoint("send records", "POST", "/api/portal/sync-runs/" + runId + "/records", ingest, records, "records"),
                new Endpoint("finish run", "POST", "/api/portal/sync-runs/" + runId + "/finish", ingest,
                        JSON.createObjectNode().put("status", "SUCCEEDED").put("deactivateMissing", true), "status"));
    }

    static Stream<Arguments> shapeCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String shape : List.of("malformed JSON", "array instead of object", "JSON string", "JSON null",
                    "trailing tokens", "empty body", "missing required field", "unknown field",
                    "mistyped field (number)", "mistyped field (boolean)", "mistyped field (object)", "U+0000 in a string",
                    "text/plain", "no content type")) {
                cases.add(Arguments.of(endpoint.name(), shape));
            }
        }
        return cases.stream();
    }

    private static ApiClient.Call call(String method, String path, String token) {
        ApiClient client = server.client();
        ApiClient.Call call = switch (method) {
            case "POST" -> client.post(path);
            case "PATCH" -> client.patch(path);
            case "PUT" -> client.put(path);
            case "DELETE" -> client.delete(path);
            default -> client.get(path);
        };
        return call.bearer(token);
    }

    private static ApiResponse rejected(ApiClient.Call call, int status) {
        ApiResponse response = call.send();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json").isTrue();
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("at dev.");
        return response;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shapeCases")
    void badlyShapedBodiesAreRejectedAndWriteNothing(String endpointName, String shape) {
        Endpoint endpoint = endpoints().stream().filter(e -> e.name().equals(endpointName)).findFirst().orElseThrow();
        String valid = endpoint.valid().toString();
        byte[] body;
        String contentType = "application/json";
        int status = 400;
        String field = null;
        switch (shape) {
            case "malformed JSON" -> body = bytes(valid.substring(0, valid.length() - 3));
            case "array instead of object" -> body = bytes("[" + valid + "]");
            case "JSON string" -> body = bytes(JSON.getNodeFactory().textNode(valid).toString());
            case "JSON null" -> body = bytes("null");
            case "trailing tokens" -> body = bytes(valid + " " + valid);
            case "empty body" -> body = new byte[0];
            case "missing required field" -> {
                ObjectNode copy = endpoint.valid().deepCopy();
                copy.remove(endpoint.required());
                body = bytes(copy.toString());
            }
            case "unknown field" -> {
                body = bytes(endpoint.valid().deepCopy().put("roles", "admin").toString());
                field = "roles";
            }
            case "mistyped field (number)" -> {
                body = bytes(endpoint.valid().deepCopy().put(endpoint.required(), 42).toString());
                field = endpoint.required();
            }
            case "mistyped field (boolean)" -> {
                body = bytes(endpoint.valid().deepCopy().put(endpoint.required(), true).toString());
                field = endpoint.required();
            }
            case "mistyped field (object)" -> {
                ObjectNode copy = endpoint.valid().deepCopy();
                copy.putObject(endpoint.required()).put("nested", 1);
                body = bytes(copy.toString());
                field = endpoint.required();
            }
            case "U+0000 in a string" -> {
                String text = endpoint.valid().toString();
                int quote = text.indexOf("\":\"");
                body = bytes(text.substring(0, quote + 3) + "\\u0000" + text.substring(quote + 3));
            }
            case "text/plain" -> {
                body = bytes(valid);
                contentType = "text/plain";
                status = 415;
            }
            case "no content type" -> {
                body = bytes(valid);
                contentType = null;
                status = 415;
            }
            default -> throw new IllegalArgumentException(shape);
        }
        ApiResponse response = rejected(call(endpoint.method(), endpoint.path(), endpoint.token())
                .body(body, contentType).invalidRequest(), status);
        if (field != null) {
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        }
        assertNothingWritten();
    }

    @Test
    void nullOnAFieldThatCannotBeClearedIsRefusedAndChangesNothing() {
        String admin = PortalUnderTest.adminToken();
        String path = "/api/portal/orgs/" + msp.get("id").asText();
        JsonNode before = call("GET", path, admin).send().json();
        ApiResponse response = rejected(call("PATCH", path, admin)
                .json("{\"licenseType\":\"Changed\",\"name\":null,\"status\":null,\"splaLicense\":null}").invalidRequest(), 400);
        assertThat(response.errorFields()).containsExactlyInAnyOrder("name", "status", "splaLicense");
        assertThat(call("GET", path, admin).send().json()).isEqualTo(before);
    }

    @Test
    void malformedIdsInPathsAndQueriesAre400() {
        String admin = PortalUnderTest.adminToken();
        for (String path : List.of("/api/portal/orgs/not-a-uuid", "/api/portal/orgs/123",
                "/api/portal/orgs/" + UUID.randomUUID().toString().replace("-", ""))) {
            rejected(call("GET", path, admin).invalidRequest(), 400);
            rejected(call("PATCH", path, admin).json("{\"name\":\"x\"}").invalidRequest(), 400);
            rejected(call("DELETE", path, admin).invalidRequest(), 400);
        }
        rejected(call("PUT", "/api/portal/orgs/x/products/" + UUID.randomUUID(), admin).invalidRequest(), 400);
        rejected(call("PUT", "/api/portal/orgs/" + mssp.get("id").asText() + "/products/y", admin).invalidRequest(), 400);
        rejected(call("POST", "/api/portal/sync-runs/nope/records", PortalUnderTest.ingestToken())
                .json("{\"records\":[]}").invalidRequest(), 400);
        rejected(call("POST", "/api/portal/sync-runs/nope/finish", PortalUnderTest.ingestToken())
                .json("{\"status\":\"FAILED\"}").invalidRequest(), 400);
        rejected(call("GET", "/api/portal/orgs", admin).query("parentId", "nope").invalidRequest(), 400);
        rejected(call("GET", "/api/portal/products", admin).query("orgId", "nope").invalidRequest(), 400);
        rejected(call("GET", "/api/portal/admin/audit", admin).query("targetId", "nope").invalidRequest(), 400);
        ApiResponse ids = rejected(call("POST", "/api/portal/notifications/read", userToken)
                .json("{\"ids\":[\"" + notificationId + "\",\"nope\"]}").invalidRequest(), 400);
        assertThat(ids.json().get("errors").get(0).get("field").asText()).isEqualTo("ids[1]");
        rejected(call("POST", "/api/portal/notifications/read", userToken).json("{\"ids\":[]}").invalidRequest(), 400);
        assertThat(server.count("SELECT count(*) FROM notification_reads")).isZero();
        assertNothingWritten();
    }

    @Test
    void badQueryParametersAre400() {
        String admin = PortalUnderTest.adminToken();
        Map<String, List<String[]>> cases = Map.of(
                "/api/portal/orgs", List.of(new String[] {"limit", "0"}, new String[] {"limit", "201"},
                        new String[] {"limit", "ten"}, new String[] {"offset", "-1"}, new String[] {"type", "RESELLER"},
                        new String[] {"status", "active"}, new String[] {"sort", "size"}, new String[] {"q", "x".repeat(201)},
                        new String[] {"q", "a\u0001b"}),
                "/api/portal/notifications", List.of(new String[] {"unreadOnly", "maybe"}, new String[] {"limit", "-5"}),
                "/api/portal/sync-runs", List.of(new String[] {"status", "DONE"}, new String[] {"source", "Bad Source"}),
                "/api/portal/admin/audit", List.of(new String[] {"from", "yesterday"}, new String[] {"to", "2026-13-01"},
                        new String[] {"action", "a".repeat(101)}, new String[] {"action", "org.exploded"},
                        new String[] {"action", "ORG.CREATED"}, new String[] {"action", "org"}),
                "/api/portal/products", List.<String[]>of(new String[] {"offset", "1.5"}));
        cases.forEach((path, params) -> {
            for (String[] param : params) {
                ApiResponse response = rejected(call("GET", path, admin).query(param[0], param[1]).invalidRequest(), 400);
                assertThat(response.json().get("errors").get(0).get("field").asText()).as(path + "?" + param[0])
                        .isEqualTo(param[0]);
            }
        });
        ApiResponse unknownAction = rejected(call("GET", "/api/portal/admin/audit", admin).query("action", "org.exploded")
                .invalidRequest(), 400);
        assertThat(unknownAction.json().get("errors")).hasSize(1);
        assertThat(unknownAction.json().get("errors").get(0).get("message").asText()).contains("org.created");
        assertNothingWritten();
    }

    @Test
    void everyRecordedAuditActionIsAValidFilter() {
        String admin = PortalUnderTest.adminToken();
        for (AuditAction action : AuditAction.values()) {
            ApiResponse ok = call("GET", "/api/portal/admin/audit", admin).query("action", action.code()).send();
            assertThat(ok.status()).as(action.code()).isEqualTo(200);
            ok.json().get("items").forEach(event -> assertThat(event.get("action").asText()).isEqualTo(action.code()));
        }
        assertThat(call("GET", "/api/portal/admin/audit", admin).query("action", "org.created").send()
                .json().get("total").asLong()).isPositive();
        assertNothingWritten();
    }

    @Test
    void invalidValuesInWellFormedBodiesAre400() {
        String admin = PortalUnderTest.adminToken();
        String parent = msp.get("id").asText();
        List<String> bodies = List.of(
                "{\"type\":\"CLIENT\",\"name\":\"   \",\"parentId\":\"" + parent + "\"}",
                "{\"type\":\"CLIENT\",\"name\":\"" + "n".repeat(201) + "\",\"parentId\":\"" + parent + "\"}",
                "{\"type\":\"CLIENT\",\"name\":\"Tab\\tName\",\"parentId\":\"" + parent + "\"}",
                "{\"type\":\"RESELLER\",\"name\":\"x\",\"parentId\":\"" + parent + "\"}",
                "{\"type\":\"CLIENT\",\"name\":\"x\",\"parentId\":\"" + parent + "\",\"devices\":-1}",
                "{\"type\":\"CLIENT\",\"name\":\"x\",\"parentId\":\"" + parent + "\",\"devices\":1.5}",
                "{\"type\":\"CLIENT\",\"name\":\"x\",\"parentId\":\"" + parent + "\",\"devices\":3000000000}",
                "{\"type\":\"CLIENT\",\"name\":\"x\",\"parentId\":\"" + parent + "\",\"licenseType\":\"" + "l".repeat(101) + "\"}",
                "{\"type\":\"CLIENT\",\"name\":\"x\",\"parentId\":\"not-a-uuid\"}");
        for (String body : bodies) {
            rejected(call("POST", "/api/portal/orgs", admin).json(body).invalidRequest(), 400);
        }
        for (String body : List.of("{\"status\":\"ARCHIVED\"}", "{\"purchasedLicenses\":-3}", "{\"licenseType\":42}",
                "{\"name\":\"\"}", "{\"type\":\"MSSP\"}")) {
            rejected(call("PATCH", "/api/portal/orgs/" + parent, admin).json(body).invalidRequest(), 400);
        }
        for (String body : List.of("{\"code\":\"has space\",\"name\":\"x\"}", "{\"code\":\"-lead\",\"name\":\"x\"}",
                "{\"code\":\"" + "c".repeat(51) + "\",\"name\":\"x\"}")) {
            rejected(call("POST", "/api/portal/products", admin).json(body).invalidRequest(), 400);
        }
        for (String body : List.of("{\"source\":\"Heimdal\",\"msspOrgId\":\"" + mssp.get("id").asText() + "\"}",
                "{\"source\":\"heimdal\",\"msspOrgId\":\"" + UUID.randomUUID() + "\"}",
                "{\"source\":\"heimdal\",\"msspOrgId\":\"" + parent + "\"}")) {
            rejected(call("POST", "/api/portal/sync-runs", PortalUnderTest.ingestToken()).json(body).invalidRequest(), 400);
        }
        for (String body : List.of("{\"status\":\"DONE\"}", "{\"status\":\"FAILED\",\"error\":\"" + "e".repeat(2001) + "\"}")) {
            rejected(call("POST", "/api/portal/sync-runs/" + runId + "/finish", PortalUnderTest.ingestToken()).json(body)
                    .invalidRequest(), 400);
        }
        assertNothingWritten();
    }

    @Test
    void aBatchOfMoreThanAThousandRecordsOrNoneIsRefusedWhole() {
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("records");
        for (int i = 0; i < 1001; i++) {
            array.add(PortalUnderTest.record("big-" + i, "MSP", "Big " + i, null));
        }
        ApiResponse tooMany = rejected(call("POST", "/api/portal/sync-runs/" + runId + "/records", PortalUnderTest.ingestToken())
                .json(body.toString()).invalidRequest(), 400);
        assertThat(tooMany.json().get("errors").get(0).get("field").asText()).isEqualTo("records");
        rejected(call("POST", "/api/portal/sync-runs/" + runId + "/records", PortalUnderTest.ingestToken())
                .json("{\"records\":[]}").invalidRequest(), 400);
        assertNothingWritten();

        // exactly 1,000 is fine
        array.remove(1000);
        ApiResponse thousand = call("POST", "/api/portal/sync-runs/" + runId + "/records", PortalUnderTest.ingestToken())
                .json(body.toString()).send();
        assertThat(thousand.status()).isEqualTo(200);
        assertThat(thousand.json().get("inserted").asInt()).isEqualTo(1000);
    }

    @Test
    void bodiesOverTheLimitAre413() {
        // a 1,000-record batch with long names fits; 2.5 MB does not
        String name = "x".repeat(2_500_000);
        ApiResponse response = rejected(call("POST", "/api/portal/orgs", PortalUnderTest.adminToken())
                .json("{\"type\":\"MSSP\",\"name\":\"" + name + "\"}").invalidRequest(), 413);
        assertThat(response.json().get("title").asText()).isEqualTo("Content Too Large");
        byte[] huge = ("{\"records\":[{\"externalId\":\"h\",\"type\":\"MSP\",\"name\":\"" + "y".repeat(12 * 1024 * 1024) + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            ApiResponse big = call("POST", "/api/portal/sync-runs/" + runId + "/records", PortalUnderTest.ingestToken())
                    .body(huge, "application/json").invalidRequest().send();
            assertThat(big.status()).isEqualTo(413);
        } catch (UncheckedIOException connectionClosed) {
            assertThat(connectionClosed.getCause()).isInstanceOf(IOException.class);
        }
        assertNothingWritten();
        assertThat(server.client().get("/health/live").send().status()).isEqualTo(200);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        String admin = PortalUnderTest.adminToken();
        rejected(call("GET", "/api/portal/nothing-here", admin).outsideContract(), 404);
        ApiResponse wrongMethod = rejected(call("PUT", "/api/portal/orgs", admin).json("{}").outsideContract(), 405);
        assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
        assertNothingWritten();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
