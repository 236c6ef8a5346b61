package dev.portalsuite.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Outages;
import dev.portalsuite.shared.testing.TcpProxy;
import dev.portalsuite.shared.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable (a proxy between the service and the database is cut): reads and writes answer
 * 503 with Retry-After at once, readiness goes DOWN, nothing is half-written, and once the database is back the same
 * requests succeed without restarting the service.
 */
class DatabaseCutIT {

    @Test
    void anUnreachableDatabaseIsAFast503AndTheServiceRecoversOnItsOwn() {
        var database = TestPostgres.newDatabase();
        var fronted = TcpProxy.inFrontOf(database);
        Jdbi direct = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        try (TcpProxy proxy = fronted.proxy(); PortalUnderTest server = new PortalUnderTest().database(fronted.config()).start()) {
            String admin = PortalUnderTest.adminToken();
            JsonNode mssp = server.createOrg("MSSP", "Outage MSSP", null);
            String runId = server.startRun("outage", mssp);
            List<ObjectNode> records = new ArrayList<>();
            for (int i = 1; i <= 40; i++) {
                records.add(PortalUnderTest.record("cut-" + i, "CLIENT", "Cut Customer " + i, null));
            }
            String newOrg = PortalUnderTest.JSON.createObjectNode().put("type", "MSSP").put("name", "Created During Outage")
                    .toString();

            proxy.cut();

            Outages.assertFast503("GET /api/portal/orgs", () -> server.client().get("/api/portal/orgs").bearer(admin).send());
            Outages.assertFast503("GET /api/portal/orgs/{id}",
                    () -> server.client().get("/api/portal/orgs/" + mssp.get("id").asText()).bearer(admin).send());
            Outages.assertFast503("GET /api/portal/notifications",
                    () -> server.client().get("/api/portal/notifications").bearer(admin).send());
            Outages.assertFast503("POST /api/portal/orgs",
                    () -> server.client().post("/api/portal/orgs").bearer(admin).json(newOrg).send());
            Outages.assertFast503("POST /api/portal/sync-runs/{id}/records", () -> server.sendRecords(runId, records));
            Outages.assertNotReady(server.client());

            proxy.restore();
            Outages.awaitReady(server.client(), Duration.ofSeconds(20));

            // nothing was half-written
            assertThat(count(direct, "SELECT count(*) FROM portal.orgs WHERE name = 'Created During Outage'")).isZero();
            assertThat(count(direct, "SELECT count(*) FROM portal.orgs WHERE external_id LIKE 'cut-%'")).isZero();
            // the same requests succeed, without a restart
            assertThat(server.client().get("/api/portal/orgs").bearer(admin).send().status()).isEqualTo(200);
            assertThat(server.client().get("/api/portal/orgs/" + mssp.get("id").asText()).bearer(admin).send().status())
                    .isEqualTo(200);
            assertThat(server.client().get("/api/portal/notifications").bearer(admin).send().status()).isEqualTo(200);
            ApiResponse created = server.client().post("/api/portal/orgs").bearer(admin).json(newOrg).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ApiResponse sent = server.sendRecords(runId, records);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
            assertThat(sent.json().get("inserted").asInt()).isEqualTo(40);
            assertThat(count(direct, "SELECT count(*) FROM portal.orgs WHERE external_id LIKE 'cut-%'")).isEqualTo(40);
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
