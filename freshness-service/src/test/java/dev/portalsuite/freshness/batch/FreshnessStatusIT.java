package dev.portalsuite.freshness.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status, days on shelf, freshUntil and expiresOn under the default policy and a product's own policy. */
class FreshnessStatusIT {
    private static final Instant NOON = Instant.parse("2026-03-15T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-15");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(NOON);
    private static UUID org;
    private static String inventory;
    private static String admin;

    @BeforeAll
    static void start() {
        org = UUID.randomUUID();
        inventory = server.inventory(org);
        admin = server.admin();
    }

    @ParameterizedTest(name = "{0} days on shelf: {1}")
    @CsvSource({
        "0, FRESH, Product is fresh and ready to consume",
        "1, FRESH, Product is fresh and ready to consume",
        "2, FRESH, Product is fresh and ready to consume",
        "3, CAUTION, Product should be consumed soon",
        "4, CAUTION, Product should be consumed soon",
        "5, EXPIRED, Product is past expiration",
        "30, EXPIRED, Product is past expiration"})
    void defaultPolicyBoundaries(int days, String status, String message) {
        server.setNow(NOON);
        LocalDate arrival = TODAY.minusDays(days);
        JsonNode created = server.createBatch(inventory, "Beef mince", "default-" + days, arrival);
        assertFreshness(created, days, status, message, arrival.plusDays(2), arrival.plusDays(5));

        // the same figures on every read path: by id, in the list, publicly
        JsonNode read = server.client().get("/api/freshness/batches/" + created.get("id").asText()).bearer(inventory).send().json();
        assertFreshness(read, days, status, message, arrival.plusDays(2), arrival.plusDays(5));
        JsonNode publicView = server.client().get("/api/freshness/public/batches/" + created.get("publicCode").asText()).send().json();
        assertFreshness(publicView, days, status, message, arrival.plusDays(2), arrival.plusDays(5));
        JsonNode listed = server.client().get("/api/freshness/batches").bearer(inventory).query("q", "default-" + days)
                .send().json();
        assertThat(listed.get("total").asInt()).isEqualTo(1);
        assertFreshness(listed.get("items").get(0), days, status, message, arrival.plusDays(2), arrival.plusDays(5));
    }

    @Test
    void statusIsComputedAtReadTimeAsDaysPass() {
        server.setNow(NOON);
        JsonNode batch = server.createBatch(inventory, "Pork belly", "aging-1", TODAY);
        String id = batch.get("id").asText();
        List<String> seen = new ArrayList<>();
        for (int day = 0; day <= 6; day++) {
            server.setNow(NOON.plusSeconds(86_400L * day));
            JsonNode read = server.client().get("/api/freshness/batches/" + id).bearer(inventory).send().json();
            assertThat(read.get("daysOnShelf").asInt()).isEqualTo(day);
            seen.add(read.get("status").asText());
        }
        server.setNow(NOON);
        assertThat(seen).containsExactly("FRESH", "FRESH", "FRESH", "CAUTION", "CAUTION", "EXPIRED", "EXPIRED");
    }

    @Test
    void aProductWithItsOwnPolicy() {
        server.setNow(NOON);
        ApiResponse put = server.client().put("/api/freshness/policies/Lamb%20chops").bearer(admin)
                .json("{\"freshMaxDays\":1,\"cautionMaxDays\":3}").send();
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("product").asText()).isEqualTo("Lamb chops");

        String[] expected = {"FRESH", "FRESH", "CAUTION", "CAUTION", "EXPIRED"};
        for (int days = 0; days <= 4; days++) {
            LocalDate arrival = TODAY.minusDays(days);
            // products match policies case-insensitively
            JsonNode batch = server.createBatch(inventory, days % 2 == 0 ? "LAMB CHOPS" : "lamb chops", "lamb-" + days, arrival);
            assertThat(batch.get("status").asText()).as("%d days", days).isEqualTo(expected[days]);
            assertThat(batch.get("freshUntil").asText()).isEqualTo(arrival.plusDays(1).toString());
            assertThat(batch.get("expiresOn").asText()).isEqualTo(arrival.plusDays(4).toString());
        }
        // a policy change applies at once to existing batches, and the status filter follows it
        assertThat(statusesOf("lamb")).containsExactlyInAnyOrder("FRESH", "FRESH", "CAUTION", "CAUTION", "EXPIRED");
        assertThat(server.client().put("/api/freshness/policies/lamb%20CHOPS").bearer(admin)
                .json("{\"freshMaxDays\":0,\"cautionMaxDays\":10}").send().status()).isEqualTo(200);
        assertThat(statusesOf("lamb")).containsExactlyInAnyOrder("FRESH", "CAUTION", "CAUTION", "CAUTION", "CAUTION");
        assertThat(server.client().get("/api/freshness/batches").bearer(inventory).query("q", "lamb-")
                .query("status", "CAUTION").send().json().get("total").asInt()).isEqualTo(4);

        JsonNode policies = server.client().get("/api/freshness/policies").bearer(inventory).send().json();
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0).get("product").asText()).isEqualTo("lamb CHOPS");
        assertThat(policies.get(0).get("freshMaxDays").asInt()).isZero();
        assertThat(policies.get(0).get("cautionMaxDays").asInt()).isEqualTo(10);

        // removing it restores the default policy
        assertThat(server.client().delete("/api/freshness/policies/Lamb%20Chops").bearer(admin).send().status()).isEqualTo(204);
        assertThat(statusesOf("lamb")).containsExactlyInAnyOrder("FRESH", "FRESH", "FRESH", "CAUTION", "CAUTION");
        assertThat(server.client().get("/api/freshness/policies").bearer(admin).send().json()).isEmpty();
        assertThat(server.client().delete("/api/freshness/policies/Lamb%20Chops").bearer(admin).send().status()).isEqualTo(404);

        // a product name with a slash is addressed with %2F
        ApiResponse slashed = server.client().put("/api/freshness/policies/Salt%2FPepper%20beef").bearer(admin)
                .json("{\"freshMaxDays\":1,\"cautionMaxDays\":2}").send();
        assertThat(slashed.status()).as("%s", slashed).isEqualTo(200);
        assertThat(slashed.json().get("product").asText()).isEqualTo("Salt/Pepper beef");
        assertThat(server.createBatch(inventory, "salt/pepper BEEF", "slash-1", TODAY.minusDays(2)).get("status").asText())
                .isEqualTo("CAUTION");
        assertThat(server.client().delete("/api/freshness/policies/salt%2Fpepper%20beef").bearer(admin).send().status())
                .isEqualTo(204);
    }

    @Test
    void theStatusFilterRunsOverEveryStatusAndCombinesWithOtherFilters() {
        server.setNow(NOON);
        UUID otherOrg = UUID.randomUUID();
        String other = server.inventory(otherOrg);
        int[] days = {0, 1, 2, 3, 4, 5, 9};
        for (int d : days) {
            server.createBatch(other, d % 2 == 0 ? "Chicken thighs" : "Veal", "filter-" + d, TODAY.minusDays(d));
        }
        assertThat(filtered(other, "FRESH", null)).containsExactlyInAnyOrder("filter-0", "filter-1", "filter-2");
        assertThat(filtered(other, "CAUTION", null)).containsExactlyInAnyOrder("filter-3", "filter-4");
        assertThat(filtered(other, "EXPIRED", null)).containsExactlyInAnyOrder("filter-5", "filter-9");
        assertThat(filtered(other, "FRESH", "chicken THIGHS")).containsExactlyInAnyOrder("filter-0", "filter-2");
        assertThat(filtered(other, "EXPIRED", "Veal")).containsExactlyInAnyOrder("filter-5", "filter-9");

        // pagination counts the filtered set, not the page
        JsonNode page = server.client().get("/api/freshness/batches").bearer(other).query("status", "FRESH")
                .query("limit", 2).query("offset", 0).send().json();
        assertThat(page.get("total").asInt()).isEqualTo(3);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        JsonNode second = server.client().get("/api/freshness/batches").bearer(other).query("status", "FRESH")
                .query("limit", 2).query("offset", 2).send().json();
        assertThat(second.get("items")).hasSize(1);

        // tomorrow, filter-2 has moved on to CAUTION and filter-4 to EXPIRED
        server.setNow(NOON.plusSeconds(86_400));
        assertThat(filtered(other, "FRESH", null)).containsExactlyInAnyOrder("filter-0", "filter-1");
        assertThat(filtered(other, "CAUTION", null)).containsExactlyInAnyOrder("filter-2", "filter-3");
        assertThat(filtered(other, "EXPIRED", null)).containsExactlyInAnyOrder("filter-4", "filter-5", "filter-9");
        server.setNow(NOON);
    }

    @Test
    void searchTreatsLikeWildcardsLiterally() {
        server.setNow(NOON);
        UUID searchOrg = UUID.randomUUID();
        String token = server.inventory(searchOrg);
        server.createBatch(token, "Sausages", "100%_beef", TODAY);
        server.createBatch(token, "Sausages", "100xxbeef", TODAY);
        server.createBatch(token, "Back\\bacon", "plain", TODAY);
        assertThat(identifiers(server.client().get("/api/freshness/batches").bearer(token).query("q", "%_").send()))
                .containsExactly("100%_beef");
        assertThat(identifiers(server.client().get("/api/freshness/batches").bearer(token).query("q", "0%").send()))
                .containsExactly("100%_beef");
        assertThat(identifiers(server.client().get("/api/freshness/batches").bearer(token).query("q", "k\\b").send()))
                .containsExactly("plain");
        assertThat(identifiers(server.client().get("/api/freshness/batches").bearer(token).query("q", "SAUSAGE").send()))
                .containsExactlyInAnyOrder("100%_beef", "100xxbeef");
    }

    private static List<String> statusesOf(String identifierPrefix) {
        JsonNode page = server.client().get("/api/freshness/batches").bearer(inventory).query("q", identifierPrefix + "-")
                .query("limit", 200).send().json();
        List<String> statuses = new ArrayList<>();
        page.get("items").forEach(item -> statuses.add(item.get("status").asText()));
        return statuses;
    }

    private static List<String> filtered(String token, String status, String product) {
        var call = server.client().get("/api/freshness/batches").bearer(token).query("status", status).query("limit", 200);
        if (product != null) {
            call.query("product", product);
        }
        ApiResponse response = call.send();
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = identifiers(response);
        assertThat(response.json().get("total").asInt()).isEqualTo(ids.size());
        response.json().get("items").forEach(item -> assertThat(item.get("status").asText()).isEqualTo(status));
        return ids;
    }

    private static List<String> identifiers(ApiResponse response) {
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(item -> ids.add(item.get("batchIdentifier").asText()));
        return ids;
    }

    private static void assertFreshness(JsonNode batch, int days, String status, String message, LocalDate freshUntil,
                                        LocalDate expiresOn) {
        assertThat(batch.get("daysOnShelf").asInt()).isEqualTo(days);
        assertThat(batch.get("status").asText()).isEqualTo(status);
        assertThat(batch.get("statusMessage").asText()).isEqualTo(message);
        assertThat(batch.get("freshUntil").asText()).isEqualTo(freshUntil.toString());
        assertThat(batch.get("expiresOn").asText()).isEqualTo(expiresOn.toString());
    }
}
