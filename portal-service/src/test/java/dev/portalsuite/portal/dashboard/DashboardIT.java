package dev.portalsuite.portal.dashboard;

import static dev.portalsuite.portal.PortalUnderTest.adminToken;
import static dev.portalsuite.portal.PortalUnderTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's totals equal what the test computes itself from the data it sent (a random tree of two
 * MSSPs, some organisations archived by a later run), for every kind of caller.
 */
class DashboardIT {
    /** One organisation as the test inserted it. */
    record Node(String externalId, String type, String mssp, String msp, int purchased, int active, int devices,
                boolean activeStatus) {
    }

    @RegisterExtension

    static final PortalUnderTest server = new PortalUnderTest();
    private static final List<Node> MODEL = new ArrayList<>();
    private static final java.util.Map<String, JsonNode> MSSPS = new java.util.LinkedHashMap<>();
    private static final java.util.Map<String, String> LAST_RUN = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        Random random = new Random(20261122L);
        for (String key : List.of("A", "B")) {
            JsonNode mssp = server.createOrg("MSSP", "Dashboard MSSP " + key, null);
            MSSPS.put(key, mssp);
            MODEL.add(new Node(key, "MSSP", key, null, 0, 0, 0, true));
            List<ObjectNode> records = new ArrayList<>();
            List<String> keep = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                String msp = key + "-m" + m;
                records.add(numbers(record(msp, "MSP", "MSP " + msp, null), random, msp, "MSP", key, msp));
                for (int c = 0; c < random.nextInt(7); c++) {
                    String client = msp + "-c" + c;
                    records.add(numbers(record(client, "CLIENT", "Client " + client, msp), random, client, "CLIENT", key, msp));
                }
            }
            for (int c = 0; c < 1 + random.nextInt(3); c++) {
                String client = key + "-d" + c;
                records.add(numbers(record(client, "CLIENT", "Direct " + client, null), random, client, "CLIENT", key, null));
            }
            String first = server.startRun("dash", mssp);
            assertThat(server.sendRecords(first, records).json().get("inserted").asInt()).isEqualTo(records.size());
            server.finishRun(first, "SUCCEEDED", true);
            // a second run leaves out about a fifth of the clients: they are deactivated
            List<ObjectNode> second = new ArrayList<>();
            for (ObjectNode r : records) {
                boolean leaveOut = r.get("type").asText().equals("CLIENT") && random.nextInt(5) == 0;
                if (leaveOut) {
                    markInactive(r.get("externalId").asText());
                } else {
                    second.add(r);
                }
            }
            String secondRun = server.startRun("dash", mssp);
            server.sendRecords(secondRun, second);
            server.finishRun(secondRun, "SUCCEEDED", true);
            LAST_RUN.put(key, secondRun);
        }
        // a manual client with numbers of its own, under A's first MSP
        JsonNode aMsp = orgByExternalId("A-m0");
        ObjectNode manual = PortalUnderTest.JSON.createObjectNode().put("type", "CLIENT").put("name", "Manual")
                .put("parentId", aMsp.get("id").asText()).put("purchasedLicenses", 7).put("activeLicenses", 3).put("devices", 2);
        server.createOrg(manual);
        MODEL.add(new Node("manual", "CLIENT", "A", "A-m0", 7, 3, 2, true));
    }

    private static ObjectNode numbers(ObjectNode record, Random random, String externalId, String type, String mssp,
                                      String msp) {
        int purchased = random.nextInt(500);
        int active = random.nextInt(purchased + 1);
        int devices = random.nextInt(800);
        record.put("purchasedLicenses", purchased).put("activeLicenses", active).put("devices", devices);
        MODEL.add(new Node(externalId, type, mssp, type.equals("MSP") ? externalId : msp, purchased, active, devices, true));
        return record;
    }

    private static void markInactive(String externalId) {
        for (int i = 0; i < MODEL.size(); i++) {
            Node n = MODEL.get(i);
            if (n.externalId().equals(externalId)) {
                MODEL.set(i, new Node(n.externalId(), n.type(), n.mssp(), n.msp(), n.purchased(), n.active(), n.devices(), false));
            }
        }
    }

    private static JsonNode orgByExternalId(String externalId) {
        String id = server.jdbi().withHandle(h -> h.createQuery("SELECT id::text FROM orgs WHERE external_id = :e")
                .bind("e", externalId).mapTo(String.class).one());
        return server.client().get("/api/portal/orgs/" + id).bearer(adminToken()).send().json();
    }

    private static void assertTotals(String token, Predicate<Node> inScope) {
        ApiResponse response = server.client().get("/api/portal/dashboard").bearer(token).send();
        assertThat(response.status()).isEqualTo(200);
        JsonNode totals = response.json().get("totals");
        List<Node> visible = MODEL.stream().filter(inScope).filter(Node::activeStatus).toList();
        assertThat(totals.get("mssps").asLong()).isEqualTo(visible.stream().filter(n -> n.type().equals("MSSP")).count());
        assertThat(totals.get("msps").asLong()).isEqualTo(visible.stream().filter(n -> n.type().equals("MSP")).count());
        assertThat(totals.get("clients").asLong()).isEqualTo(visible.stream().filter(n -> n.type().equals("CLIENT")).count());
        assertThat(totals.get("purchasedLicenses").asLong()).isEqualTo(visible.stream().mapToLong(Node::purchased).sum());
        assertThat(totals.get("activeLicenses").asLong()).isEqualTo(visible.stream().mapToLong(Node::active).sum());
        assertThat(totals.get("devices").asLong()).isEqualTo(visible.stream().mapToLong(Node::devices).sum());
    }

    @Test
    void theModelHasSomethingToCount() {
        assertThat(MODEL.stream().filter(n -> !n.activeStatus()).count()).as("some archived").isPositive();
        assertThat(MODEL.stream().filter(n -> n.type().equals("CLIENT")).count()).isGreaterThan(10);
    }

    @Test
    void anAdministratorSeesEverything() {
        assertTotals(adminToken(), n -> true);
        JsonNode body = server.client().get("/api/portal/dashboard").bearer(adminToken()).send().json();
        assertThat(body.get("scope").get("kind").asText()).isEqualTo("ALL");
        assertThat(body.get("scope").get("orgId").isNull()).isTrue();
        assertThat(body.get("lastSync").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.get("lastSync").get("id").asText()).isEqualTo(LAST_RUN.get("B"));
    }

    @Test
    void anMsspUserSeesItsSubtree() {
        for (String key : List.of("A", "B")) {
            JsonNode mssp = MSSPS.get(key);
            String token = PortalUnderTest.memberToken("mssp", mssp);
            assertTotals(token, n -> n.mssp().equals(key));
            JsonNode body = server.client().get("/api/portal/dashboard").bearer(token).send().json();
            assertThat(body.get("scope").get("kind").asText()).isEqualTo("ORG");
            assertThat(body.get("scope").get("orgId").asText()).isEqualTo(mssp.get("id").asText());
            assertThat(body.get("scope").get("orgType").asText()).isEqualTo("MSSP");
            assertThat(body.get("scope").get("name").asText()).isEqualTo("Dashboard MSSP " + key);
            assertThat(body.get("lastSync").get("id").asText()).as("the run that feeds this MSSP").isEqualTo(LAST_RUN.get(key));
        }
    }

    @Test
    void anMspUserSeesItsClientsAndAClientUserItself() {
        for (String msp : List.of("A-m0", "A-m1", "B-m2")) {
            assertTotals(PortalUnderTest.memberToken("msp", orgByExternalId(msp)), n -> msp.equals(n.msp()));
        }
        Node client = MODEL.stream().filter(n -> n.type().equals("CLIENT") && n.activeStatus() && n.externalId().startsWith("B"))
                .findFirst().orElseThrow();
        JsonNode org = orgByExternalId(client.externalId());
        String token = PortalUnderTest.memberToken("client", org);
        assertTotals(token, n -> n.externalId().equals(client.externalId()));
        JsonNode body = server.client().get("/api/portal/dashboard").bearer(token).send().json();
        assertThat(body.get("lastSync").get("id").asText()).isEqualTo(LAST_RUN.get("B"));
    }

    @Test
    void aCallerWithoutAKnownOrganisationSeesNothing() {
        for (String token : List.of(PortalUnderTest.userToken(UUID.randomUUID(), "user", null, null),
                PortalUnderTest.userToken(UUID.randomUUID(), "mssp", UUID.randomUUID(), "MSSP"),
                PortalUnderTest.ingestToken())) {
            assertTotals(token, n -> false);
            JsonNode body = server.client().get("/api/portal/dashboard").bearer(token).send().json();
            assertThat(body.get("scope").get("kind").asText()).isEqualTo("NONE");
            assertThat(body.get("lastSync").isNull()).isTrue();
        }
    }
}
