package dev.portalsuite.freshness.publicpage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The public page and its JSON twin: anonymous, escaped, cacheable, and silent about who made the batch. */
class PublicPageIT {
    private static final Instant NOW = Instant.parse("2026-06-10T08:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-10");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(NOW);
    private static UUID org;
    private static UUID creator;
    private static String token;

    @BeforeAll
    static void start() {
        org = UUID.randomUUID();
        creator = UUID.randomUUID();
        token = server.inventory(creator, org);
    }

    @Test
    void publicJsonHasExactlyThePublicFieldsAndNothingAboutTheCreator() {
        server.setNow(NOW);
        JsonNode batch = server.create(token, FreshnessUnderTest.batchBody("Chuck roast", "PUB-1", TODAY.minusDays(4),
                TODAY.minusDays(3)).put("notes", "supplier invoice 7781, call Sam")).json();
        ApiResponse response = server.client().get("/api/freshness/public/batches/" + batch.get("publicCode").asText()).send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        List<String> keys = new ArrayList<>();
        response.json().fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("publicCode", "publicUrl", "product", "batchIdentifier", "butcherDate",
                "arrivalDate", "daysOnShelf", "status", "statusMessage", "freshUntil", "expiresOn", "createdAt", "updatedAt");
        assertThat(keys).doesNotContain("id", "orgId", "notes", "createdBy");
        assertThat(response.body()).doesNotContain(batch.get("id").asText(), org.toString(), creator.toString(), "7781",
                "Sam", "@test.dev");
        assertThat(response.json().get("status").asText()).isEqualTo("CAUTION");
        assertThat(response.json().get("daysOnShelf").asInt()).isEqualTo(3);
        assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=60");
    }

    @Test
    void theHtmlPageSaysEverythingInWordsAndEscapesWhatItShows() {
        server.setNow(NOW);
        String product = "<script>alert(1)</script>";
        String identifier = "\"><img src=x onerror=alert(2)>&'";
        JsonNode batch = server.create(token, FreshnessUnderTest.batchBody(product, identifier, TODAY.minusDays(1),
                TODAY.minusDays(1)).put("notes", "secret-note-text")).json();
        ApiResponse page = server.client().get("/b/" + batch.get("publicCode").asText()).send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType().replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8");
        String html = page.body();
        assertThat(html).startsWith("<!doctype html>").contains("<html lang=\"en\">", "<meta name=\"viewport\"", "<h1>", "<h2");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;&#39;");
        assertThat(html).doesNotContain("<script", "<img", "onerror=alert(2)>", "javascript:");
        // the status in words, the message, the dates and the days on shelf
        assertThat(html).contains("Status: Fresh", "Product is fresh and ready to consume", "1 day",
                "<time datetime=\"2026-06-09\">9 June 2026</time>", "<time datetime=\"2026-06-11\">11 June 2026</time>",
                "<time datetime=\"2026-06-14\">14 June 2026</time>", "Checked on <time datetime=\"2026-06-10\">");
        assertThat(html).doesNotContain("secret-note-text", org.toString(), creator.toString(), batch.get("id").asText());
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'; style-src 'sha256-");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Cache-Control")).isEqualTo("public, max-age=60");
    }

    @Test
    void eachStatusIsStatedInWords() {
        server.setNow(NOW);
        Map<Integer, String[]> expected = Map.of(
                0, new String[] {"Status: Fresh", "Product is fresh and ready to consume", "0 days (arrived today)"},
                3, new String[] {"Status: Use soon", "Product should be consumed soon", "3 days"},
                7, new String[] {"Status: Expired", "Product is past expiration", "7 days", "Expired on"});
        expected.forEach((days, words) -> {
            JsonNode batch = server.createBatch(token, "Flank steak", "WORDS-" + days, TODAY.minusDays(days));
            String html = server.client().get("/b/" + batch.get("publicCode").asText()).send().body();
            assertThat(html).contains(words);
        });
    }

    @Test
    void etagRoundTripsGive304AndChangeWithTheContentAndTheDay() {
        server.setNow(NOW);
        JsonNode batch = server.createBatch(token, "Short ribs", "ETAG-1", TODAY);
        String code = batch.get("publicCode").asText();
        for (String path : new String[] {"/b/" + code, "/api/freshness/public/batches/" + code}) {
            server.setNow(NOW);
            ApiResponse first = server.client().get(path).send();
            String etag = first.header("ETag");
            assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
            assertThat(server.client().get(path).send().header("ETag")).as("stable").isEqualTo(etag);

            ApiResponse notModified = server.client().get(path).header("If-None-Match", etag).send();
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.header("ETag")).isEqualTo(etag);
            assertThat(notModified.header("Cache-Control")).isEqualTo("public, max-age=60");
            assertThat(server.client().get(path).header("If-None-Match", "\"other\", W/" + etag).send().status())
                    .as("weak comparison in a list").isEqualTo(304);
            assertThat(server.client().get(path).header("If-None-Match", "\"other\"").send().status()).isEqualTo(200);

            // a day later the days on shelf differ, so the representation and its tag do
            server.setNow(NOW.plusSeconds(86_400));
            ApiResponse tomorrow = server.client().get(path).header("If-None-Match", etag).send();
            assertThat(tomorrow.status()).isEqualTo(200);
            assertThat(tomorrow.header("ETag")).isNotEqualTo(etag);
        }
        server.setNow(NOW);
        String etag = server.client().get("/b/" + code).send().header("ETag");
        ApiResponse patched = server.client().patch("/api/freshness/batches/" + batch.get("id").asText()).bearer(token)
                .json("{\"product\":\"Short ribs (bone-in)\"}").send();
        assertThat(patched.status()).isEqualTo(200);
        ApiResponse edited = server.client().get("/b/" + code).header("If-None-Match", etag).send();
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.body()).contains("Short ribs (bone-in)");
    }

    @Test
    void unknownCodesGetANotFoundPage() {
        for (String code : new String[] {"aaaaaaaaaaaaaaaa", "abc", "not-a-code-at-all", "AAAAAAAAAAAAAAA1"}) {
            ApiResponse page = server.client().get("/b/" + code).send();
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.contentType().replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8");
            assertThat(page.body()).contains("<html lang=\"en\">", "Batch not found");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");

            ApiResponse json = server.client().get("/api/freshness/public/batches/" + code).send();
            assertThat(json.status()).isEqualTo(404);
            assertThat(json.isProblem()).isTrue();
        }
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() {
        server.setNow(NOW);
        JsonNode batch = server.createBatch(token, "Brisket", "HEAD-1", TODAY);
        String path = "/b/" + batch.get("publicCode").asText();
        ApiResponse get = server.client().get(path).send();

        ApiResponse head = server.client().head(path).send();

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Cache-Control")).isEqualTo(get.header("Cache-Control"));
        assertThat(server.client().head(path).header("If-None-Match", get.header("ETag")).send().status()).isEqualTo(304);
        assertThat(server.client().head("/b/aaaaaaaaaaaaaaaa").send().status()).isEqualTo(404);
    }

    @Test
    void codesAreAcceptedInUpperCase() {
        server.setNow(NOW);
        JsonNode batch = server.createBatch(token, "Oxtail", "UPPER-1", TODAY);
        String upper = batch.get("publicCode").asText().toUpperCase(java.util.Locale.ROOT);
        assertThat(server.client().get("/b/" + upper).send().status()).isEqualTo(200);
        assertThat(server.client().get("/api/freshness/public/batches/" + upper).send().json().get("batchIdentifier").asText())
                .isEqualTo("UPPER-1");
    }

    @Test
    void aDeletedBatchIsGoneOnBothPublicEndpoints() {
        server.setNow(NOW);
        JsonNode batch = server.createBatch(token, "Tongue", "GONE-1", TODAY);
        String code = batch.get("publicCode").asText();
        assertThat(server.client().get("/b/" + code).send().status()).isEqualTo(200);
        assertThat(server.client().delete("/api/freshness/batches/" + batch.get("id").asText()).bearer(token).send().status())
                .isEqualTo(204);

        ApiResponse page = server.client().get("/b/" + code).send();
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.contentType().replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8");
        assertThat(page.body()).contains("This batch is no longer available").doesNotContain("Tongue", "GONE-1");
        ApiResponse json = server.client().get("/api/freshness/public/batches/" + code).send();
        assertThat(json.status()).isEqualTo(410);
        assertThat(json.isProblem()).isTrue();
        assertThat(json.body()).doesNotContain("Tongue", "GONE-1");
    }

    @Test
    void publicEndpointsNeedNoTokenAndIgnoreABadOne() {
        server.setNow(NOW);
        JsonNode batch = server.createBatch(token, "Cheeks", "ANON-1", TODAY);
        String code = batch.get("publicCode").asText();
        assertThat(server.client().get("/b/" + code).header("Authorization", "Bearer nonsense").send().status()).isEqualTo(200);
        assertThat(server.client().get("/api/freshness/public/batches/" + code)
                .bearer(FreshnessUnderTest.foreignToken()).send().status()).isEqualTo(200);
    }
}
