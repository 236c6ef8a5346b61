package dev.portalsuite.sync;

import static dev.portalsuite.sync.testing.FakeHeimdal.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.sync.job.Outcome;
import dev.portalsuite.sync.net.Cancellation;
import dev.portalsuite.sync.testing.FakeHeimdal;
import dev.portalsuite.sync.testing.LogCapture;
import dev.portalsuite.sync.testing.RecordingSleeper;
import dev.portalsuite.sync.testing.Suite;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the job decides that Heimdal's list was read completely, end to end (the real job, auth-service and
 * portal-service, a fake Heimdal on loopback). Each unsafe case first syncs 30 customers (three pages of 10),
 * then lets Heimdal misbehave so that customers of page 3 go unread: they must stay ACTIVE.
 */
class HeimdalPagingIT {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final int CUSTOMERS = 30;
    private static LogCapture logs;
    private static Suite suite;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeAll
    static void start() {
        logs = LogCapture.capture();
        suite = Suite.start();
    }

    @AfterAll
    static void stop() {
        try {
            suite.close();
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

    /** One test's MSSP and fake Heimdal, already synced once with the complete list of 30 customers. */
    private final class World {
        final String customerId;
        final UUID mssp;
        final FakeHeimdal heimdal;
        final Map<String, String> env;
        final List<ObjectNode> customers;

        World(String tag) {
            String apiKey = "hk_live_" + UUID.randomUUID().toString().replace("-", "");
            this.customerId = tag + "-mssp";
            this.mssp = suite.createMssp("MSSP " + tag);
            this.customers = FakeHeimdal.resellersWithClients(tag, customerId, 6, 4);
            this.heimdal = new FakeHeimdal(apiKey, customerId).serve(customers);
            closeables.add(heimdal);
            this.env = new HashMap<>(suite.jobEnv(heimdal, apiKey, customerId, mssp));
            Outcome first = run();
            assertThat(first.exitCode()).as(first.summaryLine()).isEqualTo(Outcome.OK);
            assertThat(orgs()).hasSize(CUSTOMERS).allSatisfy((id, org) -> assertThat(org).startsWith("ACTIVE"));
        }

        Outcome run() {
            return SyncJob.create(suite.config(env), new SyncJob.Deps(HTTP, Clock.systemUTC(), new RecordingSleeper(),
                    RandomGenerator.getDefault(), new Cancellation())).run(false);
        }

        Map<String, String> orgs() {
            return suite.orgs(mssp);
        }

        JsonNode lastRun() {
            return suite.runs(mssp).get(0);
        }

        /** Page {@code page} (of 10) as Heimdal's envelope would hold it, but as a plain array. */
        String pageAsPlainArray(int page) throws Exception {
            return Suite.JSON.readTree(heimdal.body(page, 10)).get("items").toString();
        }

        /** Pages served from the second run on (the first run read pages 1 to 3). */
        List<Integer> pagesServedAfterTheFirstRun() {
            return heimdal.served().stream().skip(3).map(FakeHeimdal.Served::page).toList();
        }

        void assertNothingDeactivated(Outcome outcome) {
            assertThat(outcome.deactivateMissing()).isFalse();
            assertThat(orgs()).as(outcome.summaryLine()).hasSize(CUSTOMERS)
                    .allSatisfy((id, org) -> assertThat(org).startsWith("ACTIVE"));
        }
    }

    /** A run that finished SUCCEEDED for what it read, but was not asked to deactivate anything: exit 1, to be looked at. */
    private static void assertSucceededWithoutDeactivation(World w, Outcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.summaryLine()).isEqualTo(Outcome.WARNINGS);
        assertThat(outcome.status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.deactivated()).isZero();
        JsonNode run = w.lastRun();
        assertThat(run.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("deactivateMissing").asBoolean()).isFalse();
        assertThat(run.get("deactivated").asInt()).isZero();
        w.assertNothingDeactivated(outcome);
    }

    private static void assertFailedWithoutDeactivation(World w, Outcome outcome, String why) {
        assertThat(outcome.exitCode()).as(outcome.summaryLine()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.status()).isEqualTo("FAILED");
        assertThat(outcome.error()).contains(why);
        JsonNode run = w.lastRun();
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("deactivated").asInt()).isZero();
        assertThat(run.get("error").asText()).contains(why);
        w.assertNothingDeactivated(outcome);
    }

    // ------------------------------------------------------------------ incomplete lists: no deactivation

    @Test
    void pagesEndingBeforeTotalCountDeactivateNothing() {
        World w = new World("short");
        w.heimdal.script(3, json(200, "{\"items\":[],\"totalCount\":" + CUSTOMERS + ",\"pageSize\":10,\"pageNumber\":3}"));
        logs.clear();

        Outcome outcome = w.run();

        assertSucceededWithoutDeactivation(w, outcome);
        assertThat(w.pagesServedAfterTheFirstRun()).containsExactly(1, 2, 3);
        assertThat(outcome.read()).isEqualTo(20);
        assertThat(logs.text()).contains("not deactivating").contains("ended after 20 of totalCount 30");
    }

    @Test
    void aPlainArrayAfterPageOneDeactivatesNothing() throws Exception {
        World w = new World("flip");
        w.heimdal.script(2, json(200, w.pageAsPlainArray(2)));
        logs.clear();

        Outcome outcome = w.run();

        assertSucceededWithoutDeactivation(w, outcome);
        assertThat(w.pagesServedAfterTheFirstRun()).as("a plain array is the last thing read").containsExactly(1, 2);
        assertThat(outcome.read()).isEqualTo(20);
        assertThat(logs.text()).contains("not deactivating").contains("switched to a plain array on page 2");
    }

    @Test
    void anApiIgnoringPageNumberFailsTheRunAndDeactivatesNothing() {
        World w = new World("same");
        w.heimdal.envelope("items", null) // without totalCount only this check stops the paging early
                .script(2, json(200, w.heimdal.body(1, 10)));

        Outcome outcome = w.run();

        assertFailedWithoutDeactivation(w, outcome, "page 2 with the same customers as page 1");
        assertThat(outcome.error()).contains("ignore pageNumber");
        assertThat(w.pagesServedAfterTheFirstRun()).containsExactly(1, 2);
        assertThat(outcome.read()).as("page 1's customers are not read twice").isEqualTo(10);
    }

    @Test
    void anApiRepeatingItsLastPageInsteadOfAnEmptyOneFailsTheRunAndDeactivatesNothing() {
        World w = new World("clamp");
        w.heimdal.envelope("items", null).script(4, json(200, w.heimdal.body(3, 10)));

        Outcome outcome = w.run();

        assertFailedWithoutDeactivation(w, outcome, "page 4 with the same customers as page 3");
        assertThat(outcome.error()).contains("repeat its last page");
        assertThat(w.pagesServedAfterTheFirstRun()).containsExactly(1, 2, 3, 4);
        assertThat(outcome.read()).isEqualTo(CUSTOMERS);
    }

    @Test
    void morePagesThanHeimdalMaxPagesFailTheRunAndDeactivateNothing() {
        World w = new World("many");
        w.env.put("HEIMDAL_MAX_PAGES", "2");

        Outcome outcome = w.run();

        assertFailedWithoutDeactivation(w, outcome, "more than HEIMDAL_MAX_PAGES=2 pages");
        assertThat(w.pagesServedAfterTheFirstRun()).as("page 3 is never asked for").containsExactly(1, 2);
        assertThat(outcome.read()).isEqualTo(20);
    }

    // ------------------------------------------------------------------ without totalCount

    @Test
    void withoutTotalCountAPageSizeCappedBelowOursIsReadToTheEmptyPage() {
        World w = new World("cap");
        List<ObjectNode> without = new ArrayList<>(w.customers);
        ObjectNode gone = without.remove(7);
        String goneId = gone.get("customerId").asText();
        w.heimdal.envelope("items", null).maxPageSize(4).serve(without); // we ask 10, Heimdal sends 4 per page

        Outcome outcome = w.run();

        assertThat(outcome.exitCode()).as(outcome.summaryLine()).isEqualTo(Outcome.OK);
        assertThat(w.pagesServedAfterTheFirstRun()).as("29 customers in pages of 4, then the empty page 9")
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 9).boxed().toList());
        assertThat(outcome.read()).isEqualTo(CUSTOMERS - 1);
        assertThat(outcome.unchanged()).isEqualTo(CUSTOMERS - 1);
        assertThat(outcome.deactivateMissing()).isTrue();
        assertThat(outcome.deactivated()).as("only the customer Heimdal no longer lists").isEqualTo(1);
        assertThat(w.lastRun().get("status").asText()).isEqualTo("SUCCEEDED");
        Map<String, String> orgs = w.orgs();
        assertThat(orgs).hasSize(CUSTOMERS);
        assertThat(orgs.get(goneId)).startsWith("INACTIVE");
        assertThat(orgs.values()).filteredOn(org -> org.startsWith("ACTIVE")).hasSize(CUSTOMERS - 1);
    }
}
