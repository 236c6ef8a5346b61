package dev.portalsuite.portal.sync;

import static dev.portalsuite.portal.PortalUnderTest.JSON;
import static dev.portalsuite.portal.PortalUnderTest.adminToken;
import static dev.portalsuite.portal.PortalUnderTest.ingestToken;
import static dev.portalsuite.portal.PortalUnderTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync-run ingest API against a real PostgreSQL: idempotence, ordering, rejections, runs, deactivation. */
class SyncIngestIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();

    private static ApiResponse ok(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    /** Status, type, name and parent's external id (or "MSSP") of every org of {@code source}, by external id. */
    private static Map<String, String> orgsOf(String source) {
        return server.jdbi().withHandle(h -> h.createQuery("""
                        SELECT o.external_id, o.status || ' ' || o.type || ' ' || o.name || ' <' ||
                               COALESCE(p.external_id, CASE WHEN p.type = 'MSSP' THEN 'MSSP' END, '-') || '>' AS v
                        FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.external_source = :source
                        """).bind("source", source)
                .reduceRows(new java.util.TreeMap<String, String>(), (map, row) -> {
                    map.put(row.getColumn("external_id", String.class), row.getColumn("v", String.class));
                    return map;
                }));
    }

    private static JsonNode run(String id) {
        JsonNode page = server.client().get("/api/portal/sync-runs").bearer(adminToken()).query("limit", 200).send().json();
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("run " + id + " not in the history");
    }

    @Test
    void theSameBatchTwiceIsAllUnchangedTheSecondTime() {
        JsonNode mssp = server.createOrg("MSSP", "Idem MSSP", null);
        String runId = server.startRun("idem", mssp);
        List<ObjectNode> batch = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            batch.add(record("m" + m, "MSP", "Reseller " + m, null).put("devices", m));
            for (int c = 1; c <= 3; c++) {
                batch.add(record("m" + m + "c" + c, "CLIENT", "Customer " + m + "." + c, "m" + m)
                        .put("purchasedLicenses", 10 * c).put("activeLicenses", 5 * c).put("devices", c)
                        .put("licenseType", "PAID").put("splaLicense", c == 1));
            }
        }
        batch.add(record("direct", "CLIENT", "Direct Customer", null));

        JsonNode first = ok(server.sendRecords(runId, batch)).json();
        assertThat(first.get("inserted").asInt()).isEqualTo(13);
        assertThat(first.get("updated").asInt()).isZero();
        assertThat(first.get("unchanged").asInt()).isZero();
        assertThat(first.get("rejected")).isEmpty();
        Map<String, String> afterFirst = orgsOf("idem");
        String auditBefore = String.valueOf(server.count("SELECT count(*) FROM orgs WHERE external_source = 'idem' AND updated_at > created_at"));

        JsonNode second = ok(server.sendRecords(runId, batch)).json();
        assertThat(second.get("inserted").asInt()).isZero();
        assertThat(second.get("updated").asInt()).isZero();
        assertThat(second.get("unchanged").asInt()).isEqualTo(13);
        assertThat(orgsOf("idem")).isEqualTo(afterFirst);
        assertThat(String.valueOf(server.count("SELECT count(*) FROM orgs WHERE external_source = 'idem' AND updated_at > created_at")))
                .as("an unchanged record is not rewritten").isEqualTo(auditBefore);

        batch.set(0, record("m1", "MSP", "Reseller One", null).put("devices", 1));
        ((ObjectNode) batch.get(2)).put("devices", 99);
        JsonNode third = ok(server.sendRecords(runId, batch)).json();
        assertThat(third.get("updated").asInt()).isEqualTo(2);
        assertThat(third.get("unchanged").asInt()).isEqualTo(11);
        assertThat(orgsOf("idem").get("m1")).isEqualTo("ACTIVE MSP Reseller One <MSSP>");
        assertThat(orgsOf("idem").get("m1c1")).isEqualTo("ACTIVE CLIENT Customer 1.1 <m1>");
        assertThat(orgsOf("idem").get("direct")).isEqualTo("ACTIVE CLIENT Direct Customer <MSSP>");

        JsonNode finished = ok(server.finishRun(runId, "SUCCEEDED", false)).json();
        assertThat(finished.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("batches").asInt()).isEqualTo(3);
        assertThat(finished.get("received").asInt()).isEqualTo(39);
        assertThat(finished.get("inserted").asInt()).isEqualTo(13);
        assertThat(finished.get("updated").asInt()).isEqualTo(2);
        assertThat(finished.get("unchanged").asInt()).isEqualTo(24);
        assertThat(server.count("SELECT count(*) FROM sync_run_seen_batches WHERE run_id = ?::uuid", runId))
                .as("staging is emptied at finish").isZero();

        // a later run with the same data changes nothing either
        String again = server.startRun("idem", mssp);
        JsonNode repeat = ok(server.sendRecords(again, batch)).json();
        assertThat(repeat.get("unchanged").asInt()).isEqualTo(13);
        ok(server.finishRun(again, "SUCCEEDED", true));
        assertThat(orgsOf("idem").values()).allMatch(v -> v.startsWith("ACTIVE"));
    }

    @Test
    void childrenThatArriveBeforeTheirParentWaitAndAreRejectedIfItNeverComes() {
        JsonNode mssp = server.createOrg("MSSP", "Order MSSP", null);
        String runId = server.startRun("order", mssp);

        JsonNode first = ok(server.sendRecords(runId, List.of(
                record("c1", "CLIENT", "Early One", "m1"),
                record("c2", "CLIENT", "Early Two", "m1"),
                record("c3", "CLIENT", "Orphan", "m-never")))).json();
        assertThat(first.get("pending").asInt()).isEqualTo(3);
        assertThat(first.get("inserted").asInt()).isZero();
        assertThat(orgsOf("order")).isEmpty();
        assertThat(run(runId).get("pending").asInt()).isEqualTo(3);

        JsonNode second = ok(server.sendRecords(runId, List.of(record("m1", "MSP", "Late Parent", null)))).json();
        assertThat(second.get("inserted").asInt()).isEqualTo(3);
        assertThat(second.get("resolvedPending").asInt()).isEqualTo(2);
        assertThat(second.get("pending").asInt()).isZero();
        assertThat(orgsOf("order")).containsEntry("c1", "ACTIVE CLIENT Early One <m1>")
                .containsEntry("c2", "ACTIVE CLIENT Early Two <m1>").doesNotContainKey("c3");
        // a parent that arrives in the same batch after its child works as well
        JsonNode third = ok(server.sendRecords(runId, List.of(record("c4", "CLIENT", "Same Batch", "m2"),
                record("m2", "MSP", "Same Batch Parent", null)))).json();
        assertThat(third.get("inserted").asInt()).isEqualTo(2);
        assertThat(orgsOf("order")).containsEntry("c4", "ACTIVE CLIENT Same Batch <m2>");

        // a client whose parent arrives but is rejected waits until the finish, which says why
        ok(server.sendRecords(runId, List.of(record("c5", "CLIENT", "Parent Rejected", "m-bad"))));
        JsonNode badParent = ok(server.client().post("/api/portal/sync-runs/" + runId + "/records").bearer(ingestToken())
                .json(JSON.createObjectNode().set("records", JSON.createArrayNode()
                        .add(record("m-bad", "MSP", "Bad Parent", null).put("devices", -5))).toString())
                .invalidRequest().send()).json();
        assertThat(badParent.get("rejected")).hasSize(1);

        JsonNode finished = ok(server.finishRun(runId, "SUCCEEDED", false)).json();
        assertThat(finished.get("rejected").asInt()).isEqualTo(3);
        assertThat(finished.get("pending").asInt()).isZero();
        assertThat(finished.get("errors")).extracting(e -> e.get("externalId").asText() + ": " + e.get("reason").asText())
                .containsExactly("m-bad: " + badParent.get("rejected").get(0).get("reason").asText(),
                        "c3: parent 'm-never' never arrived in this run",
                        "c5: parent 'm-bad' was rejected, so this client could not be placed");
        assertThat(server.count("SELECT count(*) FROM sync_run_pending")).isZero();
    }

    @Test
    void badRecordsAreRejectedWithReasonsAndTheOthersKept() {
        JsonNode mssp = server.createOrg("MSSP", "Reject MSSP", null);
        String runId = server.startRun("reject", mssp);
        List<JsonNode> batch = new ArrayList<>();
        batch.add(record("ok-msp", "MSP", "Good Reseller", null));                                  // 0
        batch.add(record("reseller", "RESELLER", "Unknown Type", null));                          // 1
        batch.add(JSON.createObjectNode().put("externalId", "no-name").put("type", "CLIENT"));    // 2
        batch.add(record("neg", "CLIENT", "Negative", null).put("devices", -1));                  // 3
        batch.add(record("text", "CLIENT", "Text Number", null).put("purchasedLicenses", "ten")); // 4
        batch.add(record("frac", "CLIENT", "Fraction", null).put("activeLicenses", 1.5));         // 5
        batch.add(record("extra", "CLIENT", "Extra Field", null).put("colour", "blue"));          // 6
        batch.add(record("ok-client", "CLIENT", "Good Customer", "ok-msp"));                      // 7
        batch.add(record("ok-client", "CLIENT", "Duplicate", "ok-msp"));                          // 8
        batch.add(JSON.getNodeFactory().textNode("not an object"));                               // 9
        batch.add(JSON.createObjectNode().put("type", "CLIENT").put("name", "No Id"));           // 10
        batch.add(record("child-of-client", "CLIENT", "Child of a client", "ok-client"));          // 11
        batch.add(record("huge", "CLIENT", "Huge", null).put("devices", 3_000_000_000L));         // 12
        ObjectNode body = JSON.createObjectNode();
        body.putArray("records").addAll(batch);
        ApiResponse response = server.client().post("/api/portal/sync-runs/" + runId + "/records").bearer(ingestToken())
                .json(body.toString()).invalidRequest().send();
        JsonNode result = ok(response).json();

        assertThat(result.get("inserted").asInt()).isEqualTo(2);
        Map<Integer, String> reasons = new java.util.TreeMap<>();
        result.get("rejected").forEach(r -> reasons.put(r.get("index").isNull() ? -1 : r.get("index").asInt(),
                r.get("reason").asText()));
        assertThat(reasons.keySet()).containsExactly(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12);
        assertThat(reasons.get(1)).isEqualTo("unknown type 'RESELLER' (expected MSP or CLIENT)");
        assertThat(reasons.get(2)).isEqualTo("name is required");
        assertThat(reasons.get(3)).contains("devices must be a whole number");
        assertThat(reasons.get(4)).contains("purchasedLicenses must be a whole number");
        assertThat(reasons.get(5)).contains("activeLicenses must be a whole number");
        assertThat(reasons.get(6)).isEqualTo("unknown field 'colour'");
        assertThat(reasons.get(8)).isEqualTo("duplicate externalId in this batch");
        assertThat(reasons.get(9)).isEqualTo("must be a JSON object");
        assertThat(reasons.get(10)).isEqualTo("externalId is required");
        assertThat(reasons.get(11)).contains("is a CLIENT");
        assertThat(reasons.get(12)).contains("devices must be a whole number");
        assertThat(result.get("rejected").get(0).get("externalId").asText()).isEqualTo("reseller");

        assertThat(orgsOf("reject")).containsOnlyKeys("ok-msp", "ok-client");
        assertThat(orgsOf("reject").get("ok-client")).isEqualTo("ACTIVE CLIENT Good Customer <ok-msp>");
        JsonNode history = run(runId);
        assertThat(history.get("rejected").asInt()).isEqualTo(11);
        assertThat(history.get("errors")).hasSize(11);
        assertThat(history.get("errors").get(0).get("reason").asText()).contains("RESELLER");
        ok(server.finishRun(runId, "SUCCEEDED", false));
    }

    @Test
    void concurrentStartsOfOneSourceYieldExactlyOneRunAcrossInstances() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        // a second instance on the same database: the database, not the process, decides
        PortalUnderTest other = new PortalUnderTest().sharingDatabaseWith(server).start();
        try {
            for (int round = 0; round < 5; round++) {
                JsonNode mssp = server.createOrg("MSSP", "Race MSSP " + round, null);
                String source = "race-" + round;
                CyclicBarrier barrier = new CyclicBarrier(2);
                List<Future<ApiResponse>> starts = new ArrayList<>();
                for (PortalUnderTest instance : List.of(server, other)) {
                    starts.add(pool.submit(() -> {
                        barrier.await();
                        return instance.client().post("/api/portal/sync-runs").bearer(ingestToken())
                                .json("{\"source\":\"" + source + "\",\"msspOrgId\":\"" + mssp.get("id").asText() + "\"}")
                                .send();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (Future<ApiResponse> start : starts) {
                    ApiResponse response = start.get();
                    statuses.add(response.status());
                    if (response.status() == 201) {
                        winner = response.json().get("id").asText();
                    } else {
                        assertThat(response.isProblem()).isTrue();
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(201, 409);
                assertThat(server.count("SELECT count(*) FROM sync_runs WHERE source = ?", source)).isEqualTo(1);
                ok(server.finishRun(winner, "SUCCEEDED", false));
            }
        } finally {
            pool.shutdownNow();
            other.close();
        }
    }

    @Test
    void aConstraintViolationInsideABatchIsA409AndWritesNothing() {
        JsonNode mssp = server.createOrg("MSSP", "Violation MSSP", null);
        String runId = server.startRun("violation", mssp);
        // stands in for a concurrent change the batch's checks could not see (e.g. an MSP moved meanwhile)
        server.jdbi().useHandle(h -> {
            h.execute("""
                    CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.name = 'Refused by the database' THEN
                            RAISE EXCEPTION 'simulated concurrent change' USING ERRCODE = 'foreign_key_violation';
                        END IF;
                        RETURN NEW;
                    END $$""");
            h.execute("CREATE TRIGGER test_refuse BEFORE INSERT OR UPDATE ON orgs FOR EACH ROW EXECUTE FUNCTION test_refuse()");
        });
        try {
            Map<String, Long> before = server.tableCounts();
            ApiResponse response = server.sendRecords(runId, List.of(record("fine", "MSP", "Fine", null),
                    record("refused", "CLIENT", "Refused by the database", "fine")));
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.json().get("detail").asText()).contains("send the batch again");
            assertThat(server.tableCounts()).isEqualTo(before);
            assertThat(run(runId).get("batches").asInt()).isZero();
        } finally {
            server.jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER test_refuse ON orgs");
                h.execute("DROP FUNCTION test_refuse()");
            });
        }
        JsonNode retried = ok(server.sendRecords(runId, List.of(record("fine", "MSP", "Fine", null),
                record("refused", "CLIENT", "Accepted now", "fine")))).json();
        assertThat(retried.get("inserted").asInt()).isEqualTo(2);
        ok(server.finishRun(runId, "SUCCEEDED", false));
    }

    @Test
    void aViolationThatDoesNotRecurIsWrittenAgainByTheServiceItself() {
        JsonNode mssp = server.createOrg("MSSP", "Transient MSSP", null);
        String runId = server.startRun("transient", mssp);
        // the first write of orgs fails as if an organisation had moved meanwhile; the sequence is not rolled back
        server.jdbi().useHandle(h -> {
            h.execute("CREATE SEQUENCE test_fail_once");
            h.execute("""
                    CREATE FUNCTION test_fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF nextval('test_fail_once') = 1 THEN
                            RAISE EXCEPTION 'simulated concurrent change' USING ERRCODE = 'foreign_key_violation';
                        END IF;
                        RETURN NULL;
                    END $$""");
            h.execute("CREATE TRIGGER test_fail_once AFTER INSERT ON orgs FOR EACH STATEMENT "
                    + "EXECUTE FUNCTION test_fail_once()");
        });
        try {
            JsonNode written = ok(server.sendRecords(runId, List.of(record("t1", "MSP", "Transient MSP", null),
                    record("t1c", "CLIENT", "Transient client", "t1"), record("t1c", "CLIENT", "Duplicate", "t1")))).json();
            assertThat(written.get("inserted").asInt()).isEqualTo(2);
            assertThat(written.get("rejected")).as("the rejection is reported once, not once per attempt").hasSize(1);
            long writes = server.count("SELECT last_value FROM test_fail_once");
            assertThat(writes).as("the service wrote the batch a second time").isEqualTo(2);
        } finally {
            server.jdbi().useHandle(h -> {
                h.execute("DROP TRIGGER test_fail_once ON orgs");
                h.execute("DROP FUNCTION test_fail_once()");
                h.execute("DROP SEQUENCE test_fail_once");
            });
        }
        assertThat(orgsOf("transient")).containsOnlyKeys("t1", "t1c");
        JsonNode history = run(runId);
        assertThat(history.get("batches").asInt()).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'sync_run.records' AND target_id = '"
                + runId + "'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM sync_run_rejections WHERE run_id = '" + runId + "'")).isEqualTo(1);
        ok(server.finishRun(runId, "SUCCEEDED", false));
    }

    /** Two MSPs with a client each, a client of the MSSP, all ACTIVE, through one SUCCEEDED run. */
    private static List<ObjectNode> seedTree(String source, JsonNode mssp) {
        return seedTree(source, mssp, "");
    }

    private static List<ObjectNode> seedTree(String source, JsonNode mssp, String prefix) {
        List<ObjectNode> all = List.of(record(prefix + "m1", "MSP", "M1", null), record(prefix + "m2", "MSP", "M2", null),
                record(prefix + "c1", "CLIENT", "C1", prefix + "m1"), record(prefix + "c2", "CLIENT", "C2", prefix + "m2"),
                record(prefix + "c3", "CLIENT", "C3", null));
        String runId = server.startRun(source, mssp);
        assertThat(ok(server.sendRecords(runId, all)).json().get("inserted").asInt()).isEqualTo(5);
        ok(server.finishRun(runId, "SUCCEEDED", true));
        return all;
    }

    @Test
    void aFailedRunChangesNoStatus() {
        JsonNode mssp = server.createOrg("MSSP", "Failing MSSP", null);
        List<ObjectNode> all = seedTree("failing", mssp);
        server.jdbi().useHandle(h -> h.execute("UPDATE orgs SET status = 'INACTIVE' WHERE external_source = 'failing' AND external_id = 'c1'"));
        Map<String, String> before = orgsOf("failing");
        long adminNotes = server.count("SELECT count(*) FROM notifications WHERE audience_role = 'admin'");

        String runId = server.startRun("failing", mssp);
        ok(server.sendRecords(runId, List.of(all.get(0), all.get(2))));
        ApiResponse failed = server.client().post("/api/portal/sync-runs/" + runId + "/finish").bearer(ingestToken())
                .json("{\"status\":\"FAILED\",\"deactivateMissing\":true,\"error\":\"Heimdal answered 502\"}").send();
        JsonNode run = ok(failed).json();
        assertThat(run.get("status").asText()).isEqualTo("FAILED");
        assertThat(run.get("deactivated").asInt()).isZero();
        assertThat(run.get("reactivated").asInt()).isZero();
        assertThat(run.get("error").asText()).isEqualTo("Heimdal answered 502");
        assertThat(orgsOf("failing")).as("neither deactivated nor reactivated").isEqualTo(before);

        assertThat(server.count("SELECT count(*) FROM notifications WHERE audience_role = 'admin'")).isEqualTo(adminNotes + 1);
        JsonNode feed = server.client().get("/api/portal/notifications").bearer(adminToken()).send().json();
        assertThat(feed.get("items").get(0).get("title").asText()).isEqualTo("Sync run failed (failing)");
        assertThat(feed.get("items").get(0).get("type").asText()).isEqualTo("alert");
        assertThat(feed.get("items").get(0).get("message").asText()).contains("Heimdal answered 502");
    }

    @Test
    void aSucceededRunWithDeactivateMissingDeactivatesExactlyTheMissingOnes() {
        JsonNode mssp = server.createOrg("MSSP", "Deactivating MSSP", null);
        JsonNode otherMssp = server.createOrg("MSSP", "Untouched MSSP", null);
        List<ObjectNode> all = seedTree("deact", mssp);
        seedTree("deact", otherMssp, "b-");                    // same source, another MSSP: never touched
        JsonNode manual = server.createOrg("CLIENT", "Manual Client", mssp); // no source: never touched
        String otherSourceRun = server.startRun("deact-other", mssp);
        ok(server.sendRecords(otherSourceRun, List.of(record("x1", "CLIENT", "Other Source", null))));
        ok(server.finishRun(otherSourceRun, "SUCCEEDED", true));

        String runId = server.startRun("deact", mssp);
        // m1 and c1 arrive; c2 arrives but is rejected (so it is not "missing"); m2 and c3 do not arrive
        JsonNode result = ok(server.client().post("/api/portal/sync-runs/" + runId + "/records").bearer(ingestToken())
                .json(JSON.createObjectNode().set("records", JSON.createArrayNode().add(all.get(0)).add(all.get(2))
                        .add(record("c2", "CLIENT", "C2", "m2").put("devices", -5))).toString())
                .invalidRequest().send()).json();
        assertThat(result.get("rejected")).hasSize(1);
        JsonNode run = ok(server.finishRun(runId, "SUCCEEDED", true)).json();
        assertThat(run.get("deactivated").asInt()).isEqualTo(2);

        Map<String, String> state = orgsOf("deact").entrySet().stream().filter(e -> !e.getKey().startsWith("b-")).collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().split(" ")[0]));
        assertThat(state).containsEntry("m1", "ACTIVE").containsEntry("c1", "ACTIVE").containsEntry("c2", "ACTIVE")
                .containsEntry("m2", "INACTIVE").containsEntry("c3", "INACTIVE");
        assertThat(server.count("SELECT count(*) FROM orgs WHERE external_source = 'deact' AND mssp_id = ?::uuid AND status = 'ACTIVE'",
                otherMssp.get("id").asText())).as("the other MSSP's organisations").isEqualTo(5);
        assertThat(server.count("SELECT count(*) FROM orgs WHERE id = ?::uuid AND status = 'ACTIVE'", manual.get("id").asText())).isEqualTo(1);
        assertThat(orgsOf("deact-other").get("x1")).startsWith("ACTIVE");
        assertThat(server.count("SELECT count(*) FROM orgs WHERE external_source = 'deact'")).as("never deleted").isEqualTo(10);
        JsonNode feed = server.client().get("/api/portal/notifications").bearer(adminToken()).send().json();
        assertThat(feed.get("items")).extracting(n -> n.get("title").asText())
                .contains("Sync deactivated 2 organisation(s) (deact)");

        // a record of an INACTIVE organisation changes its status only when its run SUCCEEDS
        String back = server.startRun("deact", mssp);
        ok(server.sendRecords(back, List.of(all.get(1))));
        // a later batch of the same run rejects m2: it was still written (accepted) by the run
        JsonNode rejectedAgain = ok(server.client().post("/api/portal/sync-runs/" + back + "/records").bearer(ingestToken())
                .json(JSON.createObjectNode().set("records", JSON.createArrayNode()
                        .add(all.get(1).deepCopy().put("devices", -5))).toString())
                .invalidRequest().send()).json();
        assertThat(rejectedAgain.get("rejected")).hasSize(1);
        assertThat(orgsOf("deact").get("m2")).startsWith("INACTIVE");
        JsonNode reactivated = ok(server.finishRun(back, "SUCCEEDED", false)).json();
        assertThat(reactivated.get("reactivated").asInt()).isEqualTo(1);
        assertThat(orgsOf("deact").get("m2")).startsWith("ACTIVE");
        assertThat(orgsOf("deact").get("c3")).startsWith("INACTIVE");
    }

    @Test
    void aStaleRunIsTakenOverAndAbandoned() {
        JsonNode mssp = server.createOrg("MSSP", "Stale MSSP", null);
        String first = server.startRun("stale", mssp);
        ApiResponse busy = server.client().post("/api/portal/sync-runs").bearer(ingestToken())
                .json("{\"source\":\"stale\",\"msspOrgId\":\"" + mssp.get("id").asText() + "\"}").send();
        assertThat(busy.status()).isEqualTo(409);

        server.clock().advance(Duration.ofMinutes(45));
        ok(server.sendRecords(first, List.of(record("s1", "CLIENT", "Held", "later-msp"))));
        server.clock().advance(Duration.ofMinutes(45));
        assertThat(server.client().post("/api/portal/sync-runs").bearer(ingestToken())
                .json("{\"source\":\"stale\",\"msspOrgId\":\"" + mssp.get("id").asText() + "\"}").send().status())
                .as("records 45 minutes ago keep the run alive").isEqualTo(409);

        server.clock().advance(Duration.ofMinutes(16));
        String second = server.startRun("stale", mssp);
        JsonNode abandoned = run(first);
        assertThat(abandoned.get("status").asText()).isEqualTo("ABANDONED");
        assertThat(abandoned.get("error").asText()).contains("taken over by run " + second);
        assertThat(abandoned.get("pending").asInt()).isZero();
        assertThat(server.sendRecords(first, List.of(record("s2", "CLIENT", "Late", null))).status()).isEqualTo(409);
        assertThat(server.finishRun(first, "SUCCEEDED", true).status()).isEqualTo(409);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'sync_run.abandoned' AND target_id = ?::uuid", first))
                .isEqualTo(1);
        ok(server.finishRun(second, "SUCCEEDED", false));
    }

    @Test
    void externalIdsOfAnotherMsspAreNeverTakenOver() {
        JsonNode a = server.createOrg("MSSP", "Tenant A", null);
        JsonNode b = server.createOrg("MSSP", "Tenant B", null);
        String runA = server.startRun("tenants", a);
        ok(server.sendRecords(runA, List.of(record("shared", "CLIENT", "A's customer", null))));
        ok(server.finishRun(runA, "SUCCEEDED", false));

        String runB = server.startRun("tenants", b);
        JsonNode result = ok(server.sendRecords(runB, List.of(record("shared", "CLIENT", "Stolen", null),
                record("b-msp", "MSP", "B reseller", null), record("b-client", "CLIENT", "B customer", "shared")))).json();
        assertThat(result.get("rejected")).extracting(r -> r.get("externalId").asText()).containsExactly("shared", "b-client");
        assertThat(result.get("rejected").get(0).get("reason").asText()).contains("another MSSP");
        ok(server.finishRun(runB, "SUCCEEDED", true));
        assertThat(orgsOf("tenants").get("shared")).isEqualTo("ACTIVE CLIENT A's customer <MSSP>");
        assertThat(server.count("SELECT count(*) FROM orgs WHERE external_id = 'shared' AND mssp_id = ?::uuid", a.get("id").asText()))
                .isEqualTo(1);
    }

    @Test
    void typesMayChangeWhileTheHierarchyStaysValid() {
        JsonNode mssp = server.createOrg("MSSP", "Types MSSP", null);
        String runId = server.startRun("types", mssp);
        ok(server.sendRecords(runId, List.of(record("grow", "CLIENT", "Grows", null), record("m", "MSP", "Busy", null),
                record("m-c", "CLIENT", "Busy's customer", "m"))));
        JsonNode result = ok(server.sendRecords(runId, List.of(record("grow", "MSP", "Grows", null),
                record("grow-c", "CLIENT", "New customer", "grow"), record("m", "CLIENT", "Busy", null)))).json();
        assertThat(result.get("updated").asInt()).isEqualTo(1);
        assertThat(result.get("inserted").asInt()).isEqualTo(1);
        assertThat(result.get("rejected").get(0).get("reason").asText()).contains("cannot become a CLIENT");
        assertThat(orgsOf("types")).containsEntry("grow", "ACTIVE MSP Grows <MSSP>")
                .containsEntry("grow-c", "ACTIVE CLIENT New customer <grow>").containsEntry("m", "ACTIVE MSP Busy <MSSP>");
        ok(server.finishRun(runId, "SUCCEEDED", false));
    }

    @Test
    void runRulesAndHistory() {
        JsonNode mssp = server.createOrg("MSSP", "Rules MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Rules MSP", mssp);
        ApiResponse notMssp = server.client().post("/api/portal/sync-runs").bearer(ingestToken())
                .json("{\"source\":\"rules\",\"msspOrgId\":\"" + msp.get("id").asText() + "\"}").send();
        assertThat(notMssp.status()).isEqualTo(400);
        assertThat(notMssp.json().get("errors").get(0).get("field").asText()).isEqualTo("msspOrgId");
        assertThat(server.sendRecords(java.util.UUID.randomUUID().toString(), List.of(record("a", "MSP", "A", null))).status())
                .isEqualTo(404);

        String runId = server.startRun("rules", mssp);
        ok(server.sendRecords(runId, IntStream.range(0, 3).mapToObj(i -> record("r" + i, "MSP", "R" + i, null)).toList()));
        ok(server.finishRun(runId, "SUCCEEDED", false));
        assertThat(server.finishRun(runId, "SUCCEEDED", false).status()).isEqualTo(409);

        JsonNode history = server.client().get("/api/portal/sync-runs").bearer(adminToken()).query("source", "rules")
                .query("status", "SUCCEEDED").send().json();
        assertThat(history.get("total").asInt()).isEqualTo(1);
        JsonNode item = history.get("items").get(0);
        assertThat(item.get("inserted").asInt()).isEqualTo(3);
        assertThat(item.get("startedBy").asText()).isEqualTo("test-sync-client");
        assertThat(item.get("finishedAt").isNull()).isFalse();
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE target_id = ?::uuid", runId))
                .as("started, one batch, finished").isEqualTo(3);
    }
}
