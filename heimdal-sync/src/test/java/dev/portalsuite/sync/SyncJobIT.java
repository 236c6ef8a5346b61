package dev.portalsuite.sync;

import static dev.portalsuite.sync.testing.FakeHeimdal.customer;
import static dev.portalsuite.sync.testing.FakeHeimdal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.sync.job.Outcome;
import dev.portalsuite.sync.net.Cancellation;
import dev.portalsuite.sync.testing.FakeHeimdal;
import dev.portalsuite.sync.testing.LogCapture;
import dev.portalsuite.sync.testing.RecordingSleeper;
import dev.portalsuite.sync.testing.Suite;
import dev.portalsuite.shared.testing.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * heimdal-sync end to end: the job built by {@link SyncJob#create} (as {@code main} does) against the real
 * auth-service and portal-service on PostgreSQL, and a fake Heimdal on loopback.
 */
class SyncJobIT {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();
    private static LogCapture logs;
    private static Suite suite;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void start() {
        logs = LogCapture.capture();
        suite = Suite.start();
        SECRETS.add(Suite.CLIENT_SECRET);
    }

    @AfterAll
    static void stop() {
        try {
            suite.close();
            String text = logs.text();
            for (String secret : SECRETS) {
                assertThat(text).as("a secret appears in the logs").doesNotContain(secret);
            }
            assertThat(logs.lines()).as("no request of the suite ended in a 500")
                    .noneMatch(line -> line.contains("\"status\":\"500\""));
        } finally {
            logs.close();
        }
    }

    @AfterEach
    void closeFakes() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    /** One test's world: its own MSSP, Heimdal reseller account, API key and fake Heimdal. */
    private final class World {
        final String tag;
        final String apiKey = "hk_live_" + UUID.randomUUID().toString().replace("-", "");
        final String customerId;
        final UUID mssp;
        final FakeHeimdal heimdal;
        final Map<String, String> env;
        final RecordingSleeper sleeper = new RecordingSleeper();
        Clock clock = Clock.systemUTC();

        World(String tag) {
            this.tag = tag;
            this.customerId = tag + "-mssp";
            this.mssp = suite.createMssp("MSSP " + tag);
            this.heimdal = new FakeHeimdal(apiKey, customerId);
            closeables.add(heimdal);
            this.env = new HashMap<>(suite.jobEnv(heimdal, apiKey, customerId, mssp));
            SECRETS.add(apiKey);
        }

        SyncJob job() {
            return SyncJob.create(suite.config(env), new SyncJob.Deps(HTTP, clock, sleeper, RandomGenerator.getDefault(),
                    new Cancellation()));
        }

        Outcome run() {
            return job().run(false);
        }

        List<ObjectNode> customers(int resellers, int clientsEach) {
            return FakeHeimdal.resellersWithClients(tag, customerId, resellers, clientsEach);
        }

        Map<String, String> orgs() {
            return suite.orgs(mssp);
        }

        List<JsonNode> runs() {
            return suite.runs(mssp);
        }
    }

    private static void assertSucceeded(Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.summaryLine()).isEqualTo(Outcome.OK);
        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
    }

    private static List<Integer> pagesServed(FakeHeimdal heimdal) {
        return heimdal.served().stream().map(FakeHeimdal.Served::page).toList();
    }

    // ------------------------------------------------------------------ response shapes

    @Test
    void plainArrayIsTheWholeListInOneRequest() {
        World w = new World("pa");
        ObjectNode acme = customer("pa-r1-c1", "Acme Ltd", "CORP", "pa-r1").put("purchasedLicenses", 40)
                .put("activeLicenses", 31).put("devices", 29).put("splaLicense", true);
        w.heimdal.format(FakeHeimdal.Format.PLAIN_ARRAY).serve(List.of(
                customer(w.customerId, "The MSSP's own account", "RESELLER", null),
                customer("pa-r1", "Reseller One", "RESELLER", w.customerId),
                acme,
                customer("pa-direct", "Direct Corp", "CORP", w.customerId),
                customer("pa-orphan", "No Parent Corp", "CORP", null)));

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(outcome.read()).isEqualTo(5);
        assertThat(outcome.skipped()).as("the MSSP's own account").isEqualTo(1);
        assertThat(outcome.sent()).isEqualTo(4);
        assertThat(outcome.inserted()).isEqualTo(4);
        assertThat(outcome.rejected()).isZero();
        assertThat(outcome.deactivated()).isZero();
        assertThat(w.heimdal.served()).hasSize(1);
        FakeHeimdal.Served request = w.heimdal.served().get(0);
        assertThat(request.authorization()).isEqualTo("Bearer " + w.apiKey);
        assertThat(request.customerId()).isEqualTo(w.customerId);
        assertThat(request.pageSize()).isEqualTo(10);
        assertThat(w.orgs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pa-r1", "ACTIVE MSP Reseller One <MSSP>",
                "pa-r1-c1", "ACTIVE CLIENT Acme Ltd <pa-r1>",
                "pa-direct", "ACTIVE CLIENT Direct Corp <MSSP>",
                "pa-orphan", "ACTIVE CLIENT No Parent Corp <MSSP>"));
        JsonNode org = suite.org("pa-r1-c1");
        assertThat(org.get("licenseType").asText()).isEqualTo("Subscription");
        assertThat(org.get("splaLicense").asBoolean()).isTrue();
        assertThat(org.get("purchasedLicenses").asInt()).isEqualTo(40);
        assertThat(org.get("activeLicenses").asInt()).isEqualTo(31);
        assertThat(org.get("devices").asInt()).isEqualTo(29);
        JsonNode run = w.runs().get(0);
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("deactivateMissing").asBoolean()).isTrue();
        assertThat(run.get("startedBy").asText()).isEqualTo(Suite.CLIENT_ID);
    }

    @Test
    void pagedResponseOverThreePagesWithAClientBeforeItsReseller() {
        World w = new World("pg");
        List<ObjectNode> customers = new ArrayList<>(w.customers(6, 3)); // 24 customers, pages of 10
        customers.add(0, customers.remove(customers.size() - 1)); // pg-r6-c3 on page 1, its reseller on page 3
        w.heimdal.serve(customers);

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(pagesServed(w.heimdal)).containsExactly(1, 2, 3);
        assertThat(outcome.pages()).isEqualTo(3);
        assertThat(outcome.read()).isEqualTo(24);
        assertThat(outcome.inserted()).isEqualTo(24);
        assertThat(w.orgs()).hasSize(24).allSatisfy((id, org) -> assertThat(org).startsWith("ACTIVE"));
        assertThat(w.orgs().get("pg-r6-c3")).isEqualTo("ACTIVE CLIENT Customer pg 6.3 <pg-r6>");
        assertThat(w.orgs().get("pg-r2")).isEqualTo("ACTIVE MSP Reseller pg 2 <MSSP>");
        assertThat(w.runs().get(0).get("received").asInt()).isEqualTo(24);
    }

    @Test
    void fieldNamesInAnyCaseWithAliases() {
        World w = new World("fv");
        ObjectNode pascal = Suite.JSON.createObjectNode().put("CustomerID", 770011).put("CustomerName", "Pascal Reseller")
                .put("CustomerType", "reseller").put("ResellerId", w.customerId).put("Licenses", "30").put("DeviceCount", 12)
                .put("SPLALicense", "true").put("ActiveLicenses", 28);
        ObjectNode aliases = Suite.JSON.createObjectNode().put("id", "fv-2").put("name", "Plain Corp")
                .put("customerType", "Corp").put("resellerId", "770011").put("purchasedLicenses", 5)
                .put("activeLicenses", 4).put("devices", 3);
        ObjectNode snake = Suite.JSON.createObjectNode().put("customer_id", "fv-3").put("customer_name", "  Snake Corp ")
                .put("TYPE", "CORP").put("parent_id", 770011).put("license_type", "Trial").put("unknownField", "ignored");
        ObjectNode shouting = Suite.JSON.createObjectNode().put("CUSTOMERID", "fv-4").put("NAME", "Shouting Corp")
                .put("Type", "cOrP");
        w.heimdal.envelope("Items", "TotalCount").serve(List.of(pascal, aliases, snake, shouting));

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(outcome.inserted()).isEqualTo(4);
        assertThat(w.orgs()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "770011", "ACTIVE MSP Pascal Reseller <MSSP>",
                "fv-2", "ACTIVE CLIENT Plain Corp <770011>",
                "fv-3", "ACTIVE CLIENT Snake Corp <770011>",
                "fv-4", "ACTIVE CLIENT Shouting Corp <MSSP>"));
        JsonNode reseller = suite.org("770011");
        assertThat(reseller.get("purchasedLicenses").asInt()).isEqualTo(30);
        assertThat(reseller.get("activeLicenses").asInt()).isEqualTo(28);
        assertThat(reseller.get("devices").asInt()).isEqualTo(12);
        assertThat(reseller.get("splaLicense").asBoolean()).isTrue();
        assertThat(suite.org("fv-3").get("licenseType").asText()).isEqualTo("Trial");
        assertThat(suite.org("fv-2").get("devices").asInt()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ retries

    @Test
    void rateLimitHonoursRetryAfterInSecondsAndAsAnHttpDate() {
        World w = new World("rl");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        w.clock = new TestClock(now);
        String httpDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(5).atOffset(ZoneOffset.UTC));
        w.heimdal.serve(w.customers(5, 4)) // 25 customers: 3 pages
                .script(2, new MockResponse.Builder().code(429).setHeader("Retry-After", "7").body("slow down").build())
                .script(3, new MockResponse.Builder().code(429).setHeader("Retry-After", httpDate).build());

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(outcome.inserted()).isEqualTo(25);
        assertThat(w.sleeper.waits()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(5));
        assertThat(w.heimdal.served()).extracting(FakeHeimdal.Served::status).containsExactly(200, 429, 200, 429, 200);
    }

    @Test
    void retryAfterLongerThanTheCapStopsWithoutWriting() {
        World w = new World("rc");
        w.env.put("SYNC_MAX_RETRY_AFTER", "PT1M");
        w.heimdal.serve(w.customers(1, 1))
                .script(1, new MockResponse.Builder().code(429).setHeader("Retry-After", "3600").build());

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("Retry-After").contains("3600").contains("SYNC_MAX_RETRY_AFTER");
        assertThat(w.heimdal.requestCount()).isEqualTo(1);
        assertThat(w.sleeper.waits()).isEmpty();
        assertThat(w.runs()).isEmpty();
    }

    @Test
    void serverErrorsTwiceThenSuccessBackOffExponentiallyWithJitter() {
        World w = new World("se");
        w.heimdal.serve(w.customers(3, 2))
                .script(1, json(500, "{\"message\":\"internal\"}"), json(503, "unavailable"));

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(outcome.inserted()).isEqualTo(9);
        assertThat(w.heimdal.served()).extracting(FakeHeimdal.Served::status).containsExactly(500, 503, 200);
        // base 100 ms: the first wait is in [50, 100] ms, the second in [100, 200] ms
        assertThat(w.sleeper.waits()).hasSize(2);
        assertThat(w.sleeper.waits().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(w.sleeper.waits().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void serverErrorsBeyondTheAttemptLimitFailWithoutWriting() {
        World w = new World("sx");
        w.env.put("SYNC_MAX_ATTEMPTS", "3");
        w.heimdal.serve(w.customers(1, 1)).script(1, json(502, "bad gateway"), json(502, "bad gateway"),
                json(502, "bad gateway"), json(502, "bad gateway"));

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("HTTP 502").contains("3 times");
        assertThat(w.heimdal.requestCount()).isEqualTo(3);
        assertThat(w.runs()).isEmpty();
        assertThat(w.orgs()).isEmpty();
    }

    @Test
    void aTimeoutThenSuccess() {
        World w = new World("to");
        w.env.put("HEIMDAL_READ_TIMEOUT", "PT0.5S");
        w.heimdal.serve(w.customers(5, 4));
        w.heimdal.script(2, new MockResponse.Builder(json(200, w.heimdal.body(2, 10)))
                .headersDelay(5, TimeUnit.SECONDS).build());

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(outcome.inserted()).isEqualTo(25);
        assertThat(pagesServed(w.heimdal)).containsExactly(1, 2, 2, 3);
        assertThat(w.sleeper.waits()).hasSize(1);
        assertThat(logs.text()).contains("timed out");
    }

    @Test
    void aResponseThatBreaksOffMidPageIsReadAgainWithoutDuplicates() {
        World w = new World("bo");
        w.heimdal.serve(w.customers(5, 4)); // 25 customers: 3 pages
        w.heimdal.script(2, new MockResponse.Builder(json(200, w.heimdal.body(2, 10)))
                .onResponseBody(new SocketEffect.CloseSocket()).build());
        logs.clear();

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        assertThat(pagesServed(w.heimdal)).containsExactly(1, 2, 2, 3);
        assertThat(outcome.read()).isEqualTo(25);
        assertThat(outcome.sent()).as("customers handed over before the break are not sent twice").isEqualTo(25);
        assertThat(outcome.inserted()).isEqualTo(25);
        assertThat(logs.text()).contains("reading from Heimdal failed");
    }

    @Test
    void terminationStopsTheJobAndFailsItsRun() throws Exception {
        World w = new World("term");
        w.env.put("SYNC_BATCH_SIZE", "10");
        w.heimdal.serve(w.customers(5, 4)).hold(2);
        Cancellation cancellation = new Cancellation();
        SyncJob job = SyncJob.create(suite.config(w.env), new SyncJob.Deps(HTTP, w.clock, w.sleeper,
                RandomGenerator.getDefault(), cancellation));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> running = pool.submit(() -> job.run(false));
            assertThat(w.heimdal.awaitReached(2, 30)).isTrue();
            cancellation.cancel("the process was asked to terminate");
            w.heimdal.release(2);
            Outcome outcome = running.get(60, TimeUnit.SECONDS);

            assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
            assertThat(outcome.error()).contains("asked to terminate");
            assertThat(pagesServed(w.heimdal)).containsExactly(1, 2);
            JsonNode run = w.runs().get(0);
            assertThat(run.get("status").asText()).isEqualTo("FAILED");
            assertThat(w.orgs()).hasSize(10).allSatisfy((id, org) -> assertThat(org).startsWith("ACTIVE"));
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ failures

    @Test
    void heimdalRefusingTheApiKeyStopsAtOnceAndWritesNothing() {
        World w = new World("ak");
        String wrongKey = "hk_live_wrong_" + UUID.randomUUID();
        SECRETS.add(wrongKey);
        w.env.put("HEIMDAL_API_KEY", wrongKey);
        w.heimdal.serve(w.customers(2, 2));
        logs.clear();

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("API key").contains("HEIMDAL_API_KEY").contains("401");
        assertThat(w.heimdal.requestCount()).as("401 is not retried").isEqualTo(1);
        assertThat(w.sleeper.waits()).isEmpty();
        assertThat(w.runs()).isEmpty();
        assertThat(w.orgs()).isEmpty();
        assertThat(logs.text()).contains("Heimdal refused the API key").doesNotContain(wrongKey).doesNotContain(w.apiKey);
    }

    @Test
    void aMalformedPageInTheMiddleFailsTheRunAndDeactivatesNothing() {
        World w = new World("mf");
        w.heimdal.serve(w.customers(6, 4)); // 30 customers: 3 pages
        assertSucceeded(w.run());
        assertThat(w.orgs()).hasSize(30);
        int before = w.heimdal.requestCount();

        String page2 = w.heimdal.body(2, 10);
        w.heimdal.script(2, json(200, page2.substring(0, page2.length() / 2) + "<html>Gateway error</html>"));
        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.status()).isEqualTo("FAILED");
        assertThat(outcome.error()).contains("page 2").contains("not the expected JSON");
        assertThat(pagesServed(w.heimdal).subList(before, w.heimdal.requestCount())).as("no retry, no page 3").containsExactly(1, 2);
        JsonNode run = w.runs().get(0);
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("deactivated").asInt()).isZero();
        assertThat(run.get("error").asText()).contains("page 2");
        assertThat(w.orgs()).hasSize(30).allSatisfy((id, org) -> assertThat(org).startsWith("ACTIVE"));
    }

    @Test
    void unknownCustomerTypesAreReportedAndTheRestIsSynced() {
        World w = new World("ut");
        List<ObjectNode> customers = new ArrayList<>(w.customers(2, 3)); // 8 valid
        customers.add(3, customer("ut-dist", "Some Distributor", "DISTRIBUTOR", w.customerId));
        customers.add(customer("ut-noname", "", "CORP", "ut-r1"));
        customers.add(customer("ut-under-client", "Nested Corp", "CORP", "ut-r1-c1")); // the portal refuses this one
        w.heimdal.serve(customers);
        logs.clear();

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).as(outcome.summaryLine()).isEqualTo(Outcome.WARNINGS);
        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.read()).isEqualTo(11);
        assertThat(outcome.invalid()).isEqualTo(2);
        assertThat(outcome.rejected()).isEqualTo(3);
        assertThat(outcome.inserted()).isEqualTo(8);
        assertThat(w.orgs()).hasSize(8).doesNotContainKeys("ut-dist", "ut-noname", "ut-under-client");
        assertThat(logs.text()).contains("ut-dist").contains("unknown customer type 'DISTRIBUTOR'")
                .contains("ut-noname").contains("ut-under-client");
        JsonNode run = w.runs().get(0);
        assertThat(run.get("deactivateMissing").asBoolean()).as("an unmappable customer might be an existing org").isFalse();
        assertThat(run.get("errors").toString()).contains("ut-under-client");
    }

    @Test
    void runningTwiceReportsEverythingUnchanged() {
        World w = new World("tw");
        w.heimdal.serve(w.customers(3, 4)); // 15
        Outcome first = w.run();
        assertSucceeded(first);
        assertThat(first.inserted()).isEqualTo(15);

        Outcome second = w.run();

        assertSucceeded(second);
        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.unchanged()).isEqualTo(15);
        assertThat(second.deactivated()).isZero();
        assertThat(w.runs()).hasSize(2).allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aCustomerThatDisappearsBecomesInactiveAndComesBack() {
        World w = new World("dc");
        List<ObjectNode> all = w.customers(2, 5); // 12
        w.heimdal.serve(all);
        assertSucceeded(w.run());

        List<ObjectNode> without = new ArrayList<>(all);
        without.removeIf(c -> c.get("customerId").asText().equals("dc-r1-c2"));
        w.heimdal.serve(without);
        Outcome second = w.run();

        assertSucceeded(second);
        assertThat(second.deactivated()).isEqualTo(1);
        assertThat(w.orgs()).hasSize(12);
        assertThat(w.orgs().get("dc-r1-c2")).isEqualTo("INACTIVE CLIENT Customer dc 1.2 <dc-r1>");
        assertThat(w.orgs().values()).filteredOn(org -> org.startsWith("ACTIVE")).hasSize(11);

        w.heimdal.serve(all);
        Outcome third = w.run();
        assertSucceeded(third);
        assertThat(third.reactivated()).isEqualTo(1);
        assertThat(w.orgs().get("dc-r1-c2")).startsWith("ACTIVE");
    }

    @Test
    void aSecondJobWhileOneRunsExitsWith3() throws Exception {
        World w = new World("cc");
        w.heimdal.serve(w.customers(5, 4)).hold(2);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> first = pool.submit(w::run);
            assertThat(w.heimdal.awaitReached(2, 30)).isTrue();
            assertThat(w.runs()).extracting(r -> r.get("status").asText()).containsExactly("RUNNING");

            Outcome second = w.run();

            assertThat(second.exitCode()).isEqualTo(Outcome.RUN_IN_PROGRESS);
            assertThat(second.error()).contains("another run is in progress");
            w.heimdal.release(2);
            Outcome firstOutcome = first.get(60, TimeUnit.SECONDS);
            assertSucceeded(firstOutcome);
            assertThat(firstOutcome.inserted()).isEqualTo(25);
            assertThat(w.runs()).extracting(r -> r.get("status").asText()).containsExactly("SUCCEEDED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDryRunReadsAndValidatesButWritesNothing() {
        World w = new World("dr");
        List<ObjectNode> customers = new ArrayList<>(w.customers(3, 3));
        customers.add(customer("dr-x", "Odd One", "PARTNER", null));
        w.heimdal.serve(customers);

        Outcome outcome = w.job().run(true);

        assertThat(outcome.exitCode()).isEqualTo(Outcome.WARNINGS);
        assertThat(outcome.dryRun()).isTrue();
        assertThat(outcome.read()).isEqualTo(13);
        assertThat(outcome.invalid()).isEqualTo(1);
        assertThat(outcome.sent()).isZero();
        assertThat(pagesServed(w.heimdal)).containsExactly(1, 2);
        assertThat(w.runs()).isEmpty();
        assertThat(w.orgs()).isEmpty();

        customers.remove(customers.size() - 1);
        w.heimdal.serve(customers);
        assertThat(w.job().run(true).exitCode()).isEqualTo(Outcome.OK);
        assertThat(w.runs()).isEmpty();
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void theRightSecretGetsOneTokenForTheWholeRun() {
        World w = new World("tk");
        w.heimdal.serve(w.customers(2, 2));
        SyncJob job = w.job();

        assertSucceeded(job.run(false));
        assertThat(job.tokensFetched()).isEqualTo(1);
    }

    @Test
    void aWrongSecretStopsBeforeHeimdalWithAClearMessage() {
        World w = new World("ws");
        String wrong = Suite.CLIENT_SECRET + "-wrong";
        SECRETS.add(wrong);
        w.env.put("SYNC_CLIENT_SECRET", wrong);
        w.heimdal.serve(w.customers(1, 1));
        logs.clear();

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("invalid_client").contains("SYNC_CLIENT_SECRET").contains("heimdal-sync");
        assertThat(w.heimdal.requestCount()).isZero();
        assertThat(w.runs()).isEmpty();
        assertThat(logs.text()).doesNotContain(wrong);
    }

    @Test
    void aDisabledClientGetsNoToken() {
        World w = new World("dis");
        String secret = suite.createClient("sync-disabled", "[\"portal:ingest\"]");
        SECRETS.add(secret);
        w.env.put("SYNC_CLIENT_ID", "sync-disabled");
        w.env.put("SYNC_CLIENT_SECRET", secret);
        w.heimdal.serve(w.customers(1, 2));
        assertThat(suite.setClientDisabled("sync-disabled", true).status()).isEqualTo(200);

        Outcome refused = w.run();

        assertThat(refused.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(refused.error()).contains("invalid_client").contains("sync-disabled").contains("disabled");
        assertThat(w.heimdal.requestCount()).isZero();

        assertThat(suite.setClientDisabled("sync-disabled", false).status()).isEqualTo(200);
        assertSucceeded(w.run());
    }

    @Test
    void aClientWithoutTheIngestScopeIsRefusedByThePortal() throws Exception {
        World w = new World("ns");
        String secret = suite.createClient("sync-readonly", "[\"portal:read\"]");
        SECRETS.add(secret);
        w.env.put("SYNC_CLIENT_ID", "sync-readonly");
        w.env.put("SYNC_CLIENT_SECRET", secret);
        w.heimdal.serve(w.customers(1, 2));

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.error()).contains("HTTP 403").contains("portal:ingest").contains("sync-readonly");
        assertThat(w.runs()).isEmpty();
        assertThat(w.orgs()).isEmpty();

        // the ingest API itself, with that client's real token
        String token;
        try (Response response = HTTP.newCall(new Request.Builder().url(suite.authUrl() + "/api/auth/token")
                .post(new FormBody.Builder().add("grant_type", "client_credentials").add("client_id", "sync-readonly")
                        .add("client_secret", secret).build()).build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            token = Suite.JSON.readTree(response.body().string()).get("access_token").asText();
        }
        ApiResponse refused = suite.portalApi().post("/api/portal/sync-runs").bearer(token)
                .json("{\"source\":\"heimdal\",\"msspOrgId\":\"" + w.mssp + "\"}").send();
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().get("detail").asText()).contains("portal:ingest");
    }

    @Test
    void aTokenThatExpiresDuringALongRunIsFetchedAgain() {
        World w = new World("tr");
        TestClock clock = new TestClock(Instant.now());
        w.clock = clock;
        w.env.put("SYNC_BATCH_SIZE", "10"); // a batch per page
        w.heimdal.serve(w.customers(6, 4)) // 30: 3 pages
                .onRequest(() -> clock.advance(Duration.ofMinutes(6))); // access tokens live 15 minutes
        long issuedBefore = suite.count(suite.authDb(), "SELECT count(*) FROM audit_events WHERE action = 'client.token_issued'");
        SyncJob job = w.job();

        Outcome outcome = job.run(false);

        assertSucceeded(outcome);
        assertThat(outcome.inserted()).isEqualTo(30);
        assertThat(job.tokensFetched()).isEqualTo(2);
        assertThat(suite.count(suite.authDb(), "SELECT count(*) FROM audit_events WHERE action = 'client.token_issued'"))
                .isEqualTo(issuedBefore + 2);
    }

    @Test
    void secretsNeverAppearInTheLogs() {
        World w = new World("sec");
        w.heimdal.serve(w.customers(2, 2)).script(1, json(500, "oops"));
        logs.clear();
        assertSucceeded(w.run());
        w.env.put("HEIMDAL_API_KEY", w.apiKey + "-revoked");
        SECRETS.add(w.apiKey + "-revoked");
        assertThat(w.run().exitCode()).isEqualTo(Outcome.FAILED);

        String text = logs.text();
        assertThat(text).contains("heimdal-sync SUCCEEDED").contains("Heimdal refused the API key");
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isPositive();
        for (String secret : SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
        assertThat(suite.config(w.env).toString()).doesNotContain(w.apiKey).doesNotContain(Suite.CLIENT_SECRET);
    }

    @Test
    void theSummaryIsOneLogLineWithTheCounts() {
        World w = new World("sum");
        w.heimdal.serve(w.customers(2, 3));
        logs.clear();

        Outcome outcome = w.run();

        assertSucceeded(outcome);
        List<String> summaries = logs.lines().stream().filter(l -> l.contains("heimdal-sync SUCCEEDED")).toList();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0)).contains("read=8").contains("sent=8").contains("inserted=8").contains("updated=0")
                .contains("unchanged=0").contains("rejected=0").contains("deactivated=0").contains("duration=");
        assertThat(outcome.summaryLine()).startsWith("heimdal-sync SUCCEEDED exit=0 read=8 sent=8 inserted=8");
    }
}
