package dev.portalsuite.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: the access matrix over every endpoint, and organisation isolation (another organisation's
 * batch is "not found", exactly like an unknown one).
 */
class AccessIT {
    private static final LocalDate TODAY = LocalDate.parse("2026-04-01");
    private static final List<String> CALLERS = List.of("admin", "inventory A", "inventory B", "user", "service", "none");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-04-01T12:00:00Z"));
    private static UUID orgA;
    private static UUID orgB;
    private static Map<String, String> tokens;

    @BeforeAll
    static void start() {
        orgA = UUID.randomUUID();
        orgB = UUID.randomUUID();
        tokens = new LinkedHashMap<>();
        tokens.put("admin", server.admin());
        tokens.put("inventory A", server.inventory(orgA));
        tokens.put("inventory B", server.inventory(orgB));
        tokens.put("user", server.plainUser(orgA));
        tokens.put("service", server.service());
    }

    /** One endpoint, called on a fresh batch of organisation A. */
    record Endpoint(String name, BiFunction<JsonNode, ApiClient, ApiClient.Call> call, Map<String, Integer> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, Integer> statuses(int admin, int inventoryA, int inventoryB, int user, int service, int none) {
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("admin", admin);
        map.put("inventory A", inventoryA);
        map.put("inventory B", inventoryB);
        map.put("user", user);
        map.put("service", service);
        map.put("none", none);
        return map;
    }

    static List<Endpoint> endpoints() {
        String newBatch = "{\"product\":\"Veal\",\"batchIdentifier\":\"M-%s\",\"butcherDate\":\"2026-03-30\","
                + "\"arrivalDate\":\"2026-03-31\",\"orgId\":\"%s\"}";
        return List.of(
                new Endpoint("POST /batches", (b, c) -> c.post("/api/freshness/batches")
                        .json(newBatch.formatted(UUID.randomUUID(), orgA)), statuses(201, 201, 403, 403, 403, 401)),
                new Endpoint("POST /batches (own org)", (b, c) -> c.post("/api/freshness/batches")
                        .json(newBatch.formatted(UUID.randomUUID(), orgB)), statuses(201, 403, 201, 403, 403, 401)),
                new Endpoint("GET /batches", (b, c) -> c.get("/api/freshness/batches"), statuses(200, 200, 200, 403, 403, 401)),
                new Endpoint("GET /batches/{id}", (b, c) -> c.get("/api/freshness/batches/" + id(b)),
                        statuses(200, 200, 404, 403, 403, 401)),
                new Endpoint("PATCH /batches/{id}", (b, c) -> c.patch("/api/freshness/batches/" + id(b))
                        .json("{\"notes\":\"checked\"}"), statuses(200, 200, 404, 403, 403, 401)),
                new Endpoint("DELETE /batches/{id}", (b, c) -> c.delete("/api/freshness/batches/" + id(b)),
                        statuses(204, 204, 404, 403, 403, 401)),
                new Endpoint("GET qr.svg", (b, c) -> c.get("/api/freshness/batches/" + id(b) + "/qr.svg"),
                        statuses(200, 200, 404, 403, 403, 401)),
                new Endpoint("GET qr.png", (b, c) -> c.get("/api/freshness/batches/" + id(b) + "/qr.png").query("size", 64),
                        statuses(200, 200, 404, 403, 403, 401)),
                new Endpoint("GET /policies", (b, c) -> c.get("/api/freshness/policies"), statuses(200, 200, 200, 403, 403, 401)),
                new Endpoint("PUT /policies/{product}", (b, c) -> c.put("/api/freshness/policies/Veal")
                        .json("{\"freshMaxDays\":1,\"cautionMaxDays\":2}"), statuses(200, 403, 403, 403, 403, 401)),
                new Endpoint("DELETE /policies/{product}", (b, c) -> c.delete("/api/freshness/policies/No%20such%20product"),
                        statuses(404, 403, 403, 403, 403, 401)),
                new Endpoint("GET /admin/audit", (b, c) -> c.get("/api/freshness/admin/audit"),
                        statuses(200, 403, 403, 403, 403, 401)),
                new Endpoint("GET /public/batches/{code}", (b, c) -> c.get("/api/freshness/public/batches/" + code(b)),
                        statuses(200, 200, 200, 200, 200, 200)),
                new Endpoint("GET /b/{code}", (b, c) -> c.get("/b/" + code(b)), statuses(200, 200, 200, 200, 200, 200)),
                new Endpoint("GET /health/ready", (b, c) -> c.get("/health/ready"), statuses(200, 200, 200, 200, 200, 200)),
                new Endpoint("GET /api/freshness/openapi.yaml", (b, c) -> c.get("/api/freshness/openapi.yaml"),
                        statuses(200, 200, 200, 200, 200, 200)),
                new Endpoint("GET /api/freshness/docs", (b, c) -> c.get("/api/freshness/docs"),
                        statuses(200, 200, 200, 200, 200, 200)),
                new Endpoint("GET /metrics", (b, c) -> c.get("/metrics"), statuses(200, 200, 200, 200, 200, 200)));
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (String caller : CALLERS) {
                cases.add(Arguments.of(endpoint, caller, endpoint.expected().get(caller)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("matrix")
    void accessMatrix(Endpoint endpoint, String caller, int expected) {
        JsonNode batch = server.createBatchIn(orgA, "Veal", "MATRIX-" + UUID.randomUUID(), TODAY);
        ApiClient.Call call = endpoint.call().apply(batch, server.client());
        if (tokens.containsKey(caller)) {
            call.bearer(tokens.get(caller));
        }
        String before = state();
        ApiResponse response = call.send();
        assertThat(response.status()).as(response.toString()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(response.isProblem()).isTrue();
            assertThat(state()).as("a refused request writes nothing").isEqualTo(before);
        }
        if (expected == 401) {
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void invalidTokensAre401Everywhere() {
        JsonNode batch = server.createBatchIn(orgA, "Veal", "BADTOKEN-1", TODAY);
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.expected().get("none") != 401) {
                continue;
            }
            for (String token : List.of(FreshnessUnderTest.foreignToken(), "not.a.jwt", tokens.get("admin") + "x")) {
                ApiResponse response = endpoint.call().apply(batch, server.client()).bearer(token).send();
                assertThat(response.status()).as(endpoint + ": " + response).isEqualTo(401);
            }
        }
    }

    @Test
    void metricsTimeEachRouteByTemplateAndTheDocsPageServesSwaggerUi() {
        JsonNode batch = server.createBatchIn(orgA, "Veal", "METRICS-1", TODAY);
        server.client().get("/api/freshness/batches/" + batch.get("id").asText()).bearer(tokens.get("admin")).send();
        String metrics = server.client().get("/metrics").send().body();
        assertThat(metrics).contains("http_server_requests_seconds").contains("route=\"/api/freshness/batches/{id}\"")
                .doesNotContain(batch.get("id").asText()).contains("jvm_memory_used_bytes").contains("hikaricp_connections");
        ApiResponse docs = server.client().get("/api/freshness/docs").send();
        assertThat(docs.contentType()).startsWith("text/html");
        assertThat(docs.body()).contains("swagger-ui").contains("/api/freshness/openapi.yaml");
    }

    // ---------------------------------------------------------------- organisation isolation

    @Test
    void listingShowsOnlyTheCallersOrganisationAndAdminsSeeAll() {
        UUID orgC = UUID.randomUUID();
        UUID orgD = UUID.randomUUID();
        String c = server.inventory(orgC);
        String d = server.inventory(orgD);
        Set<String> cIds = Set.of(id(server.createBatch(c, "Lamb", "C-1", TODAY)), id(server.createBatch(c, "Lamb", "C-2", TODAY)));
        Set<String> dIds = Set.of(id(server.createBatch(d, "Lamb", "D-1", TODAY)));

        assertThat(ids(c, "Lamb")).isEqualTo(cIds);
        assertThat(ids(d, "Lamb")).isEqualTo(dIds);
        Set<String> all = ids(tokens.get("admin"), "Lamb");
        assertThat(all).containsAll(cIds).containsAll(dIds);
        server.client().get("/api/freshness/batches").bearer(c).query("limit", 200).send().json().get("items")
                .forEach(item -> assertThat(item.get("orgId").asText()).isEqualTo(orgC.toString()));
        // filters cannot reach across: a search for the other organisation's identifier finds nothing
        assertThat(server.client().get("/api/freshness/batches").bearer(c).query("q", "D-1").send().json().get("total").asInt())
                .isZero();
    }

    @Test
    void anotherOrganisationsBatchLooksExactlyLikeAnUnknownOne() {
        JsonNode batch = server.createBatch(tokens.get("inventory A"), "Goat", "ISO-1", TODAY);
        String b = tokens.get("inventory B");
        String unknown = UUID.randomUUID().toString();
        for (String suffix : List.of("", "/qr.svg", "/qr.png")) {
            ApiResponse theirs = server.client().get("/api/freshness/batches/" + id(batch) + suffix).bearer(b).send();
            ApiResponse none = server.client().get("/api/freshness/batches/" + unknown + suffix).bearer(b).send();
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.json().get("detail").asText()).isEqualTo(none.json().get("detail").asText());
        }
        assertThat(server.client().patch("/api/freshness/batches/" + id(batch)).bearer(b).json("{\"product\":\"Mine now\"}")
                .send().status()).isEqualTo(404);
        assertThat(server.client().delete("/api/freshness/batches/" + id(batch)).bearer(b).send().status()).isEqualTo(404);
        JsonNode unchanged = server.client().get("/api/freshness/batches/" + id(batch)).bearer(tokens.get("inventory A"))
                .send().json();
        assertThat(unchanged.get("product").asText()).isEqualTo("Goat");
    }

    @Test
    void adminsReadAndChangeEveryOrganisationsBatches() {
        JsonNode batch = server.createBatch(tokens.get("inventory B"), "Duck", "ADM-1", TODAY);
        String admin = tokens.get("admin");
        assertThat(server.client().get("/api/freshness/batches/" + id(batch)).bearer(admin).send().json().get("orgId").asText())
                .isEqualTo(orgB.toString());
        ApiResponse patched = server.client().patch("/api/freshness/batches/" + id(batch)).bearer(admin)
                .json("{\"product\":\"Duck breast\"}").send();
        assertThat(patched.json().get("product").asText()).isEqualTo("Duck breast");
        assertThat(patched.json().get("orgId").asText()).isEqualTo(orgB.toString());
        assertThat(server.client().delete("/api/freshness/batches/" + id(batch)).bearer(admin).send().status()).isEqualTo(204);
        assertThat(server.client().get("/api/freshness/batches/" + id(batch)).bearer(tokens.get("inventory B")).send().status())
                .isEqualTo(404);
    }

    @Test
    void anAdminWithAnOrganisationCreatesInItByDefault() {
        UUID adminOrg = UUID.randomUUID();
        String admin = server.tokens().user(UUID.randomUUID(), List.of("admin", "inventory"), adminOrg, "CLIENT");
        JsonNode batch = server.createBatch(admin, "Quail", "ADMORG-1", TODAY);
        assertThat(batch.get("orgId").asText()).isEqualTo(adminOrg.toString());
    }

    @Test
    void identifiersAreUniquePerOrganisationAmongLiveBatches() {
        String a = server.inventory(UUID.randomUUID());
        UUID otherOrg = UUID.randomUUID();
        String b = server.inventory(otherOrg);
        JsonNode first = server.createBatch(a, "Rabbit", "LOT-7", TODAY);
        ApiResponse duplicate = server.create(a, FreshnessUnderTest.batchBody("Hare", "lot-7", TODAY, TODAY));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asText()).contains("batchIdentifier");
        assertThat(server.create(b, FreshnessUnderTest.batchBody("Rabbit", "LOT-7", TODAY, TODAY)).status()).isEqualTo(201);
        assertThat(server.create(tokens.get("admin"), FreshnessUnderTest.batchBody("Rabbit", "Lot-7", TODAY, TODAY)
                .put("orgId", otherOrg.toString())).status()).isEqualTo(409);

        // deleting frees the identifier; the deleted batch keeps its own public code and 410 page
        assertThat(server.client().delete("/api/freshness/batches/" + id(first)).bearer(a).send().status()).isEqualTo(204);
        JsonNode reused = server.createBatch(a, "Rabbit", "LOT-7", TODAY);
        assertThat(reused.get("publicCode").asText()).isNotEqualTo(first.get("publicCode").asText());
        assertThat(server.client().get("/b/" + first.get("publicCode").asText()).send().status()).isEqualTo(410);
        assertThat(server.client().get("/b/" + reused.get("publicCode").asText()).send().status()).isEqualTo(200);
    }

    @Test
    void concurrentDuplicatesYieldExactlyOneBatch() throws Exception {
        String a = server.inventory(UUID.randomUUID());
        List<Integer> statuses = Concurrently.run(8, i -> server.create(a,
                FreshnessUnderTest.batchBody("Venison", i % 2 == 0 ? "RACE-1" : "race-1", TODAY, TODAY)).status());
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM batches WHERE lower(batch_identifier) = 'race-1'")).isEqualTo(1);
    }

    @Test
    void deletedBatchesAreGoneFromTheApi() {
        String a = tokens.get("inventory A");
        JsonNode batch = server.createBatch(a, "Kid goat", "DEL-1", TODAY);
        assertThat(server.client().delete("/api/freshness/batches/" + id(batch)).bearer(a).send().status()).isEqualTo(204);
        assertThat(server.client().get("/api/freshness/batches/" + id(batch)).bearer(a).send().status()).isEqualTo(404);
        assertThat(server.client().patch("/api/freshness/batches/" + id(batch)).bearer(a).json("{\"notes\":\"x\"}").send()
                .status()).isEqualTo(404);
        assertThat(server.client().delete("/api/freshness/batches/" + id(batch)).bearer(a).send().status()).isEqualTo(404);
        assertThat(server.client().get("/api/freshness/batches/" + id(batch) + "/qr.png").bearer(a).send().status())
                .isEqualTo(404);
        assertThat(server.client().get("/api/freshness/batches").bearer(a).query("q", "DEL-1").send().json().get("total")
                .asInt()).isZero();
        // soft delete: the row is kept
        assertThat(server.count("SELECT count(*) FROM batches WHERE batch_identifier = 'DEL-1' AND deleted_at IS NOT NULL"))
                .isEqualTo(1);
    }

    @Test
    void anInventoryAccountWithoutOrganisationIsToldWhy() {
        String orphan = server.inventory(null);
        for (ApiClient.Call call : List.of(server.client().get("/api/freshness/batches").bearer(orphan),
                server.client().get("/api/freshness/batches/" + UUID.randomUUID()).bearer(orphan))) {
            ApiResponse response = call.send();
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.json().get("detail").asText()).contains("does not belong to an organisation");
        }
        assertThat(server.client().get("/api/freshness/policies").bearer(orphan).send().status()).isEqualTo(200);
    }

    private static String id(JsonNode batch) {
        return batch.get("id").asText();
    }

    private static String code(JsonNode batch) {
        return batch.get("publicCode").asText();
    }

    private static Set<String> ids(String token, String product) {
        Set<String> ids = new java.util.HashSet<>();
        server.client().get("/api/freshness/batches").bearer(token).query("product", product).query("limit", 200).send()
                .json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String state() {
        return server.jdbi().withHandle(h -> h.createQuery("""
                SELECT (SELECT coalesce(md5(string_agg(b::text, '|' ORDER BY b.id)), '-') FROM batches b)
                    || (SELECT coalesce(md5(string_agg(p::text, '|' ORDER BY p.product)), '-') FROM policies p)
                    || (SELECT count(*) FROM audit_events)::text
                """).mapTo(String.class).one());
    }
}
