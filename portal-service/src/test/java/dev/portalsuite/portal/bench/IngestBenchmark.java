package dev.portalsuite.portal.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.TestPostgres;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Ingest benchmark (a program, not a test): N records (default 100,000) in batches of 1,000 through the real
 * HTTP API into a fresh database, then the same records again (all unchanged); then the latency of a scoped
 * org-list page (an MSSP user, {@code limit=50}) and of the dashboard at that size.
 *
 * <p>Run with {@code portal-service/bench/ingest-benchmark.sh [--records N]}. The database is the test
 * fixture's: {@code TEST_DATABASE_URL} when set, else an embedded PostgreSQL 17 (fsync off).
 */
public final class IngestBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    private static final int BATCH = 1000;
    private static final int CLIENTS_PER_MSP = 49;

    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofMinutes(2)).build();
    private final String baseUrl;

    private IngestBenchmark(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static void main(String[] args) throws Exception {
        int total = 100_000;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--records")) {
                total = Integer.parseInt(args[i + 1]);
            }
        }
        try (PortalUnderTest portal = new PortalUnderTest().clock(Clock.systemUTC()).start()) {
            new IngestBenchmark(portal.url()).run(total);
        }
        System.exit(0);
    }

    private void run(int total) throws IOException {
        String admin = PortalUnderTest.adminToken();
        JsonNode mssp = send("POST", "/api/portal/orgs", admin,
                JSON.writeValueAsBytes(Map.of("type", "MSSP", "name", "Benchmark MSSP")), 201);
        String msspId = mssp.get("id").asText();
        List<byte[]> batches = batches(total);
        System.out.printf("portal-service ingest benchmark: %,d records (%,d MSPs with %d clients each), %d batches of %,d; "
                + "database: %s, %d CPU cores%n", total, total / (CLIENTS_PER_MSP + 1), CLIENTS_PER_MSP, batches.size(),
                BATCH, TestPostgres.describe(), Runtime.getRuntime().availableProcessors());

        warmUp(msspId);
        Pass first = pass("first pass (all new)", msspId, batches);
        Pass second = pass("second pass (unchanged)", msspId, batches);
        if (first.inserted() != total || second.unchanged() != total) {
            throw new IllegalStateException("unexpected counts: " + first + " / " + second);
        }

        String msspUser = PortalUnderTest.userToken(UUID.randomUUID(), "mssp", UUID.fromString(msspId), "MSSP");
        long[] list = latencies("/api/portal/orgs?limit=50", msspUser, 1000);
        long[] deep = latencies("/api/portal/orgs?limit=50&offset=50000", msspUser, 200);
        long[] filtered = latencies("/api/portal/orgs?limit=50&type=MSP&q=reseller%201", msspUser, 200);
        long[] dashboard = latencies("/api/portal/dashboard", msspUser, 200);
        long[] keysetLarge = keysetLatencies(msspUser, 1000);
        String smallMssp = smallScope(1000);
        long[] keysetSmall = keysetLatencies(
                PortalUnderTest.userToken(UUID.randomUUID(), "mssp", UUID.fromString(smallMssp), "MSSP"), 1000);

        System.out.println();
        System.out.println("| measurement | result |");
        System.out.println("|---|---|");
        System.out.printf("| ingest, first pass (%,d inserted) | %,.0f rows/s (%.1f s) |%n", first.inserted(), first.rowsPerSecond(total), first.seconds());
        System.out.printf("| ingest, second pass (%,d unchanged) | %,.0f rows/s (%.1f s) |%n", second.unchanged(), second.rowsPerSecond(total), second.seconds());
        System.out.printf("| org list, MSSP user, limit=50, first page (%d calls) | p50 %.1f ms, p99 %.1f ms |%n", list.length, ms(list, 50), ms(list, 99));
        System.out.printf("| org list, MSSP user, limit=50, offset=50000 (%d calls) | p50 %.1f ms, p99 %.1f ms |%n", deep.length, ms(deep, 50), ms(deep, 99));
        System.out.printf("| org list, MSSP user, type=MSP&q=… (%d calls) | p50 %.1f ms, p99 %.1f ms |%n", filtered.length, ms(filtered, 50), ms(filtered, 99));
        System.out.printf("| dashboard, MSSP user (%d calls) | p50 %.1f ms, p99 %.1f ms |%n", dashboard.length, ms(dashboard, 50), ms(dashboard, 99));
        System.out.printf("| org list, keyset pages (cursor), limit=50, %,d orgs in scope (%d pages, first 50,000 rows) | p50 %.1f ms, p99 %.1f ms |%n",
                total + 1, keysetLarge.length, ms(keysetLarge, 50), ms(keysetLarge, 99));
        System.out.printf("| org list, keyset pages (cursor), limit=50, 1,001 orgs in scope (%d pages) | p50 %.1f ms, p99 %.1f ms |%n",
                keysetSmall.length, ms(keysetSmall, 50), ms(keysetSmall, 99));
        System.out.printf("| keyset p99 at %,d ÷ at 1,001 orgs (target ≤ 1.5) | %.2f |%n", total + 1,
                ms(keysetLarge, 99) / ms(keysetSmall, 99));
        System.out.printf("keyset_p99_large_ms=%.2f%nkeyset_p99_small_ms=%.2f%ningest_first_rows_per_s=%.0f%n",
                ms(keysetLarge, 99), ms(keysetSmall, 99), first.rowsPerSecond(total));
    }

    record Pass(long inserted, long updated, long unchanged, double seconds) {
        double rowsPerSecond(int total) {
            return total / seconds;
        }
    }

    /** MSPs each followed by their clients, so most clients find their parent in the same batch. */
    private static List<byte[]> batches(int total) throws IOException {
        List<ObjectNode> records = new ArrayList<>(total);
        int msp = 0;
        while (records.size() < total) {
            String mspId = "msp-" + msp;
            records.add(JSON.createObjectNode().put("externalId", mspId).put("type", "MSP")
                    .put("name", "Reseller " + msp).put("licenseType", "SPLA").put("splaLicense", true));
            for (int c = 0; c < CLIENTS_PER_MSP && records.size() < total; c++) {
                records.add(JSON.createObjectNode().put("externalId", mspId + "-client-" + c).put("type", "CLIENT")
                        .put("name", "Customer " + msp + "." + c).put("parentExternalId", mspId)
                        .put("purchasedLicenses", 10 + c).put("activeLicenses", 5 + c % 7).put("devices", 3 * c + 1));
            }
            msp++;
        }
        List<byte[]> batches = new ArrayList<>();
        for (int from = 0; from < records.size(); from += BATCH) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode array = body.putArray("records");
            records.subList(from, Math.min(records.size(), from + BATCH)).forEach(array::add);
            batches.add(JSON.writeValueAsBytes(body));
        }
        return batches;
    }

    /** A small run of its own source first, so the JIT and the connection pool are warm when timing starts. */
    private void warmUp(String msspId) throws IOException {
        String ingest = PortalUnderTest.serviceToken("portal:ingest");
        for (int round = 0; round < 3; round++) {
            String run = send("POST", "/api/portal/sync-runs", ingest, JSON.writeValueAsBytes(
                    Map.of("source", "warmup", "msspOrgId", msspId)), 201).get("id").asText();
            for (byte[] batch : batches(3000)) {
                send("POST", "/api/portal/sync-runs/" + run + "/records", ingest,
                        new String(batch, java.nio.charset.StandardCharsets.UTF_8).replace("\"msp-", "\"warm-msp-")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), 200);
            }
            send("POST", "/api/portal/sync-runs/" + run + "/finish", ingest,
                    JSON.writeValueAsBytes(Map.of("status", "SUCCEEDED", "deactivateMissing", false)), 200);
        }
        // the warm-up organisations are archived so they do not count in the measured list
        String admin = PortalUnderTest.adminToken();
        JsonNode page = send("GET", "/api/portal/orgs?type=MSP&q=Reseller&limit=200", admin, null, 200);
        for (JsonNode org : page.get("items")) {
            if ("warmup".equals(org.get("externalSource").asText())) {
                send("DELETE", "/api/portal/orgs/" + org.get("id").asText(), admin, null, 204);
            }
        }
    }

    private Pass pass(String label, String msspId, List<byte[]> batches) throws IOException {
        String ingest = PortalUnderTest.serviceToken("portal:ingest");
        long started = System.nanoTime();
        String run = send("POST", "/api/portal/sync-runs", ingest,
                JSON.writeValueAsBytes(Map.of("source", "heimdal", "msspOrgId", msspId)), 201).get("id").asText();
        long inserted = 0;
        long updated = 0;
        long unchanged = 0;
        for (byte[] batch : batches) {
            JsonNode result = send("POST", "/api/portal/sync-runs/" + run + "/records", ingest, batch, 200);
            inserted += result.get("inserted").asLong();
            updated += result.get("updated").asLong();
            unchanged += result.get("unchanged").asLong();
            if (!result.get("rejected").isEmpty() || result.get("pending").asInt() != 0) {
                throw new IllegalStateException("unexpected batch result " + result);
            }
        }
        send("POST", "/api/portal/sync-runs/" + run + "/finish", ingest,
                JSON.writeValueAsBytes(Map.of("status", "SUCCEEDED", "deactivateMissing", true)), 200);
        double seconds = (System.nanoTime() - started) / 1e9;
        Pass pass = new Pass(inserted, updated, unchanged, seconds);
        System.out.printf("  %s: inserted %,d, updated %,d, unchanged %,d in %.2f s%n", label, inserted, updated, unchanged, seconds);
        return pass;
    }

    private long[] latencies(String path, String token, int calls) throws IOException {
        for (int i = 0; i < 50; i++) {
            send("GET", path, token, null, 200);
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            send("GET", path, token, null, 200);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /** {@code calls} cursor pages, following nextCursor and starting over at the end; 50 untimed calls first. */
    private long[] keysetLatencies(String token, int calls) throws IOException {
        long[] nanos = new long[calls];
        String cursor = null;
        for (int i = -50; i < calls; i++) {
            String path = "/api/portal/orgs?limit=50" + (cursor == null ? "" : "&cursor=" + cursor);
            long start = System.nanoTime();
            JsonNode page = send("GET", path, token, null, 200);
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /** A second MSSP whose scope holds {@code size} organisations (its own source), for the keyset comparison. */
    private String smallScope(int size) throws IOException {
        String admin = PortalUnderTest.adminToken();
        String msspId = send("POST", "/api/portal/orgs", admin,
                JSON.writeValueAsBytes(Map.of("type", "MSSP", "name", "Small MSSP")), 201).get("id").asText();
        String ingest = PortalUnderTest.serviceToken("portal:ingest");
        String run = send("POST", "/api/portal/sync-runs", ingest,
                JSON.writeValueAsBytes(Map.of("source", "small", "msspOrgId", msspId)), 201).get("id").asText();
        for (byte[] batch : batches(size)) {
            send("POST", "/api/portal/sync-runs/" + run + "/records", ingest, new String(batch,
                    java.nio.charset.StandardCharsets.UTF_8).replace("\"msp-", "\"small-msp-")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), 200);
        }
        send("POST", "/api/portal/sync-runs/" + run + "/finish", ingest,
                JSON.writeValueAsBytes(Map.of("status", "SUCCEEDED", "deactivateMissing", false)), 200);
        return msspId;
    }

    private static double ms(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private JsonNode send(String method, String path, String token, byte[] body, int expected) throws IOException {
        Request.Builder request = new Request.Builder().url(baseUrl + path).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? (method.equals("GET") || method.equals("DELETE") ? null
                : RequestBody.create(new byte[0], null)) : RequestBody.create(body, APPLICATION_JSON));
        try (Response response = http.newCall(request.build()).execute()) {
            String text = response.body().string();
            if (response.code() != expected) {
                throw new IllegalStateException(method + " " + path + " -> " + response.code() + " " + text);
            }
            return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        }
    }
}
