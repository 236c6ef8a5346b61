package dev.portalsuite.freshness;

import static dev.portalsuite.shared.testing.ProblemAssert.assertCleanProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TableDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets a 4xx problem+json naming the field, and changes nothing in the database. Each bad request
 * is an otherwise valid one with one defect, so a skipped check would show up as a write.
 */
class BadInputIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TABLES = List.of("batches", "policies", "audit_events");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-15");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-03-15T10:00:00Z"));
    private static UUID org;
    private static String inventory;
    private static String admin;
    private static String batchId;

    @BeforeAll
    static void start() {
        org = UUID.randomUUID();
        inventory = server.inventory(org);
        admin = server.admin();
        JsonNode batch = server.create(inventory, FreshnessUnderTest.batchBody("Beef", "EXISTING", TODAY.minusDays(3),
                TODAY.minusDays(1))).json();
        batchId = batch.get("id").asText();
    }

    private static ObjectNode valid() {
        return FreshnessUnderTest.batchBody("Pork shoulder", "NEW-" + UUID.randomUUID(), TODAY.minusDays(1), TODAY)
                .put("notes", "fine");
    }

    // ---------------------------------------------------------------- create: body shape

    static Stream<Arguments> shapes() {
        String json = valid().toString();
        return Stream.of(
                Arguments.of("malformed JSON", json.substring(0, json.length() - 3), "application/json", 400),
                Arguments.of("array", "[" + json + "]", "application/json", 400),
                Arguments.of("JSON string", MAPPER.createArrayNode().add(json).get(0).toString(), "application/json", 400),
                Arguments.of("JSON null", "null", "application/json", 400),
                Arguments.of("trailing tokens", json + json, "application/json", 400),
                Arguments.of("empty body", "", "application/json", 400),
                Arguments.of("text/plain", json, "text/plain", 415),
                Arguments.of("form", "product=Beef", "application/x-www-form-urlencoded", 415));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void badlyShapedBodiesAreRejected(String name, String body, String contentType, int status) {
        rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .body(body.getBytes(StandardCharsets.UTF_8), contentType).invalidRequest(), status, null);
    }

    @Test
    void aBodyWithoutContentTypeIs415() {
        rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .body(valid().toString().getBytes(StandardCharsets.UTF_8), null).invalidRequest(), 415, null);
    }

    static Stream<Arguments> badFields() {
        List<Arguments> cases = new ArrayList<>();
        for (String field : List.of("product", "batchIdentifier", "butcherDate", "arrivalDate")) {
            cases.add(Arguments.of("missing " + field, field, null));
            cases.add(Arguments.of(field + " null", field, "null"));
            cases.add(Arguments.of(field + " a number", field, "42"));
            cases.add(Arguments.of(field + " a boolean", field, "true"));
            cases.add(Arguments.of(field + " an object", field, "{\"value\":\"x\"}"));
            cases.add(Arguments.of(field + " an array", field, "[\"x\"]"));
            cases.add(Arguments.of(field + " empty", field, "\"\""));
            cases.add(Arguments.of(field + " blank", field, "\"   \""));
        }
        for (String field : List.of("product", "batchIdentifier")) {
            cases.add(Arguments.of(field + " 101 characters", field, "\"" + "x".repeat(101) + "\""));
            cases.add(Arguments.of(field + " with a control character", field, "\"a\\u0007b\""));
            cases.add(Arguments.of(field + " with a line break", field, "\"a\\nb\""));
            cases.add(Arguments.of(field + " with U+0000", field, "\"a\\u0000b\""));
        }
        for (String field : List.of("butcherDate", "arrivalDate")) {
            for (String date : List.of("2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-3-5", "15.03.2026",
                    "yesterday", "2026-03-15T00:00:00Z", "+2026-03-01", "1999-12-31", "0001-01-01")) {
                cases.add(Arguments.of(field + " " + date, field, "\"" + date + "\""));
            }
        }
        cases.add(Arguments.of("notes a number", "notes", "5"));
        cases.add(Arguments.of("notes 2001 characters", "notes", "\"" + "n".repeat(2001) + "\""));
        cases.add(Arguments.of("notes with a bell", "notes", "\"ring \\u0007\""));
        cases.add(Arguments.of("orgId not a UUID", "orgId", "\"org-1\""));
        cases.add(Arguments.of("orgId a number", "orgId", "7"));
        cases.add(Arguments.of("unknown field", "createdBy", "\"someone\""));
        cases.add(Arguments.of("unknown field publicCode", "publicCode", "\"aaaaaaaaaaaaaaaa\""));
        cases.add(Arguments.of("unknown field status", "status", "\"FRESH\""));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void badFieldsAreNamed(String name, String field, String rawValue) {
        ObjectNode body = valid();
        body.remove(field);
        String json = body.toString();
        if (rawValue != null) {
            json = json.substring(0, json.length() - 1) + ",\"" + field + "\":" + rawValue + "}";
        }
        rejected(server.client().post("/api/freshness/batches").bearer(inventory).json(json).invalidRequest(), 400, field);
    }

    @Test
    void anEmptyObjectNamesEveryMissingField() {
        ApiResponse response = rejected(server.client().post("/api/freshness/batches").bearer(inventory).json("{}")
                .invalidRequest(), 400, null);
        assertThat(response.errorFields()).contains("product", "batchIdentifier", "butcherDate", "arrivalDate");
    }

    @Test
    void arrivalInTheFutureIsRejected() {
        ApiResponse response = rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .json(FreshnessUnderTest.batchBody("Beef", "FUTURE", TODAY, TODAY.plusDays(1)).toString()), 400, "arrivalDate");
        assertThat(response.json().get("errors").get(0).get("message").asText()).contains("future");
    }

    @Test
    void butcheredAfterArrivalIsRejected() {
        rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .json(FreshnessUnderTest.batchBody("Beef", "BACKWARDS", TODAY, TODAY.minusDays(1)).toString()), 400,
                "butcherDate");
    }

    @Test
    void adminsMustNameTheOrganisation() {
        ApiResponse response = rejected(server.client().post("/api/freshness/batches").bearer(admin)
                .json(valid().toString()), 400, "orgId");
        assertThat(response.json().get("errors").get(0).get("message").asText()).contains("administrators");
    }

    @Test
    void inventoryUsersCannotCreateForAnotherOrganisationOrWithoutOne() {
        rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .json(valid().put("orgId", UUID.randomUUID().toString()).toString()), 403, null);
        ApiResponse orphan = rejected(server.client().post("/api/freshness/batches").bearer(server.inventory(null))
                .json(valid().toString()), 403, null);
        assertThat(orphan.json().get("detail").asText()).contains("does not belong to an organisation");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String big = valid().put("notes", "x".repeat(100 * 1024)).toString();
        rejected(server.client().post("/api/freshness/batches").bearer(inventory).json(big).invalidRequest(), 413, null);
        Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
        byte[] huge = valid().put("notes", "y".repeat(8 * 1024 * 1024)).toString().getBytes(StandardCharsets.UTF_8);
        try {
            ApiResponse response = server.client().post("/api/freshness/batches").bearer(inventory)
                    .body(huge, "application/json").invalidRequest().send();
            assertCleanProblem(response, 413);
        } catch (UncheckedIOException connectionClosed) {
            assertThat(connectionClosed.getCause()).isInstanceOf(IOException.class);
        }
        assertThat(TableDigest.of(server.jdbi(), TABLES)).isEqualTo(before);
    }

    @Test
    void valuesAreStoredTrimmed() {
        String hundred = "i".repeat(100);
        ObjectNode body = FreshnessUnderTest.batchBody("  Beef cheeks \t", "  " + hundred + "  ", TODAY, TODAY)
                .put("notes", "  \n keep inner\nlines  \n");
        body.put("butcherDate", " " + TODAY + " ");
        // the contract asks for clean values (maxLength, format: date); the server also accepts and trims padded ones
        ApiResponse created = server.client().post("/api/freshness/batches").bearer(inventory).json(body.toString())
                .invalidRequest().send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("product").asText()).isEqualTo("Beef cheeks");
        assertThat(created.json().get("batchIdentifier").asText()).isEqualTo(hundred);
        assertThat(created.json().get("notes").asText()).isEqualTo("keep inner\nlines");
        ApiResponse blankNotes = server.client().post("/api/freshness/batches").bearer(inventory)
                .json(valid().put("notes", "   ").toString()).send();
        assertThat(blankNotes.json().get("notes").isNull()).isTrue();
        // the trimmed, case-folded identifier is what must be unique
        rejected(server.client().post("/api/freshness/batches").bearer(inventory)
                .json(FreshnessUnderTest.batchBody("Beef", " existing ", TODAY, TODAY).toString()), 409, null);
    }

    // ---------------------------------------------------------------- update

    static Stream<Arguments> badPatches() {
        return Stream.of(
                Arguments.of("{}", "body"),
                Arguments.of("{\"product\":null}", "product"),
                Arguments.of("{\"product\":\"\"}", "product"),
                Arguments.of("{\"product\":\"  \"}", "product"),
                Arguments.of("{\"product\":12}", "product"),
                Arguments.of("{\"batchIdentifier\":\"" + "b".repeat(101) + "\"}", "batchIdentifier"),
                Arguments.of("{\"batchIdentifier\":false}", "batchIdentifier"),
                Arguments.of("{\"arrivalDate\":\"" + TODAY.plusDays(1) + "\"}", "arrivalDate"),
                Arguments.of("{\"arrivalDate\":\"" + TODAY.minusDays(5) + "\"}", "arrivalDate"),
                Arguments.of("{\"butcherDate\":\"" + TODAY + "\"}", "butcherDate"),
                Arguments.of("{\"butcherDate\":\"2026-02-30\"}", "butcherDate"),
                Arguments.of("{\"butcherDate\":null}", "butcherDate"),
                Arguments.of("{\"notes\":5}", "notes"),
                Arguments.of("{\"notes\":\"" + "n".repeat(2001) + "\"}", "notes"),
                Arguments.of("{\"orgId\":\"" + UUID.randomUUID() + "\"}", "orgId"),
                Arguments.of("{\"publicCode\":\"aaaaaaaaaaaaaaaa\"}", "publicCode"),
                Arguments.of("{\"daysOnShelf\":0}", "daysOnShelf"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPatches")
    void badPatchesAreNamed(String json, String field) {
        rejected(server.client().patch("/api/freshness/batches/" + batchId).bearer(inventory).json(json).invalidRequest(),
                400, field);
    }

    @Test
    void aDuplicateIdentifierOnPatchIs409() {
        JsonNode other = server.createBatch(inventory, "Beef", "RENAME-ME", TODAY);
        rejected(server.client().patch("/api/freshness/batches/" + other.get("id").asText()).bearer(inventory)
                .json("{\"batchIdentifier\":\"Existing\"}"), 409, null);
    }

    // ---------------------------------------------------------------- paths and query parameters

    @Test
    void malformedIdsAre400() {
        for (String id : List.of("123", "not-a-uuid", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz")) {
            rejected(server.client().get("/api/freshness/batches/" + id).bearer(inventory).invalidRequest(), 400, "id");
            rejected(server.client().patch("/api/freshness/batches/" + id).bearer(inventory).json("{\"product\":\"X\"}")
                    .invalidRequest(), 400, "id");
            rejected(server.client().delete("/api/freshness/batches/" + id).bearer(inventory).invalidRequest(), 400, "id");
            rejected(server.client().get("/api/freshness/batches/" + id + "/qr.svg").bearer(inventory).invalidRequest(), 400, "id");
            rejected(server.client().get("/api/freshness/batches/" + id + "/qr.png").bearer(inventory).invalidRequest(), 400, "id");
        }
    }

    @Test
    void badListParametersAre400() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("status", "fresh");
        bad.put("limit", "0");
        bad.put("offset", "-1");
        bad.put("q", "q".repeat(101));
        bad.put("product", "p".repeat(101));
        for (var entry : bad.entrySet()) {
            rejected(server.client().get("/api/freshness/batches").bearer(inventory).query(entry.getKey(), entry.getValue())
                    .invalidRequest(), 400, entry.getKey());
        }
        rejected(server.client().get("/api/freshness/batches").bearer(inventory).query("status", "BOGUS").invalidRequest(), 400, "status");
        rejected(server.client().get("/api/freshness/batches").bearer(inventory).query("limit", "201").invalidRequest(), 400, "limit");
        rejected(server.client().get("/api/freshness/batches").bearer(inventory).query("limit", "ten").invalidRequest(), 400, "limit");
        rejected(server.client().get("/api/freshness/batches").bearer(inventory).query("q", "a\u0001b").invalidRequest(), 400, "q");
    }

    @Test
    void pngSizesOutOfRangeAre400() {
        for (String size : List.of("63", "2049", "0", "-512", "abc", "1.5", "99999999999")) {
            rejected(server.client().get("/api/freshness/batches/" + batchId + "/qr.png").bearer(inventory)
                    .query("size", size).invalidRequest(), 400, "size");
        }
    }

    @Test
    void badAuditParametersAre400() {
        rejected(server.client().get("/api/freshness/admin/audit").bearer(admin).query("action", "batch.exploded")
                .invalidRequest(), 400, "action");
        rejected(server.client().get("/api/freshness/admin/audit").bearer(admin).query("from", "yesterday")
                .invalidRequest(), 400, "from");
        rejected(server.client().get("/api/freshness/admin/audit").bearer(admin).query("batchId", "b-1")
                .invalidRequest(), 400, "batchId");
    }

    // ---------------------------------------------------------------- policies

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of("{}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":2}", "cautionMaxDays"),
                Arguments.of("{\"freshMaxDays\":3,\"cautionMaxDays\":3}", "cautionMaxDays"),
                Arguments.of("{\"freshMaxDays\":4,\"cautionMaxDays\":2}", "cautionMaxDays"),
                Arguments.of("{\"freshMaxDays\":-1,\"cautionMaxDays\":2}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":1,\"cautionMaxDays\":3651}", "cautionMaxDays"),
                Arguments.of("{\"freshMaxDays\":\"2\",\"cautionMaxDays\":4}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":2.5,\"cautionMaxDays\":4}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":null,\"cautionMaxDays\":4}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":true,\"cautionMaxDays\":4}", "freshMaxDays"),
                Arguments.of("{\"freshMaxDays\":1,\"cautionMaxDays\":4,\"product\":\"Beef\"}", "product"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void badPoliciesAreNamed(String json, String field) {
        rejected(server.client().put("/api/freshness/policies/Beef").bearer(admin).json(json).invalidRequest(), 400, field);
    }

    @Test
    void badPolicyProductNamesAre400() {
        for (String product : List.of("p".repeat(101), "   ", "a\u0007b")) {
            rejected(server.client().put("/api/freshness/policies/" + URLEncoder.encode(product, StandardCharsets.UTF_8)
                    .replace("+", "%20")).bearer(admin).json("{\"freshMaxDays\":1,\"cautionMaxDays\":2}").invalidRequest(),
                    400, "product");
        }
        rejected(server.client().put("/api/freshness/policies/Beef").bearer(admin)
                .body("{\"freshMaxDays\":1,\"cautionMaxDays\":2}".getBytes(StandardCharsets.UTF_8), "text/plain")
                .invalidRequest(), 415, null);
    }

    // ---------------------------------------------------------------- unknown routes and methods

    @Test
    void unknownRoutesAndMethods() {
        rejected(server.client().get("/api/freshness/nope").bearer(admin).outsideContract(), 404, null);
        rejected(server.client().put("/api/freshness/batches/" + batchId).bearer(admin).json("{}").outsideContract(), 405, null);
        rejected(server.client().post("/api/freshness/policies").bearer(admin).json("{}").outsideContract(), 405, null);
        rejected(server.client().post("/b/aaaaaaaaaaaaaaaa").json("{}").outsideContract(), 405, null);
    }

    // ---------------------------------------------------------------- helpers

    /** Sends the call and checks it is rejected with a clean problem and that the database did not change. */
    private static ApiResponse rejected(ApiClient.Call call, int status, String field) {
        Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
        ApiResponse response = call.send();
        assertCleanProblem(response, status);
        if (field != null) {
            assertThat(response.errorFields()).as(response.toString()).contains(field);
        }
        assertThat(TableDigest.of(server.jdbi(), TABLES)).as("database after " + response).isEqualTo(before);
        return response;
    }
}
