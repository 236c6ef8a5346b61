package dev.portalsuite.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeIT {
    private static PortalTestServer server;

    @BeforeAll
    static void start() {
        server = PortalTestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void basics() {
        JsonNode mssp = server.createOrg("MSSP", "Acme MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Acme MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "Acme Client", msp);
        assertThat(client.get("parentId").asText()).isEqualTo(msp.get("id").asText());
        var list = server.client().get("/api/portal/orgs").bearer(PortalTestServer.memberToken("mssp", mssp)).send();
        assertThat(list.json().get("total").asInt()).isEqualTo(3);
        var dash = server.client().get("/api/portal/dashboard").bearer(PortalTestServer.memberToken("msp", msp)).send();
        assertThat(dash.status()).isEqualTo(200);
        String run = server.startRun("heimdal", mssp);
        var r = server.sendRecords(run, java.util.List.of(PortalTestServer.record("c1", "CLIENT", "C1", "m1"),
                PortalTestServer.record("m1", "MSP", "M1", null)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("inserted").asInt()).isEqualTo(2);
        var f = server.finishRun(run, "SUCCEEDED", true);
        assertThat(f.status()).as(f.body()).isEqualTo(200);
        var n = server.client().get("/api/portal/notifications").bearer(PortalTestServer.adminToken()).send();
        assertThat(n.status()).as(n.body()).isEqualTo(200);
        var audit = server.client().get("/api/portal/admin/audit").bearer(PortalTestServer.adminToken()).send();
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        var runs = server.client().get("/api/portal/sync-runs").bearer(PortalTestServer.adminToken()).send();
        assertThat(runs.status()).as(runs.body()).isEqualTo(200);
    }
}
