package dev.portalsuite.freshness.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** Batch and policy changes land in an append-only audit log that admins can search. */
class AuditLogIT {
    private static final LocalDate TODAY = LocalDate.parse("2026-02-02");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-02-02T15:00:00Z"));
    private static UUID org;
    private static UUID user;
    private static String inventory;
    private static String admin;

    @BeforeAll
    static void start() {
        org = UUID.randomUUID();
        user = UUID.randomUUID();
        inventory = server.inventory(user, org);
        admin = server.admin();
    }

    @Test
    void everyChangeIsRecordedOnceWithWhoAndWhat() {
        JsonNode batch = server.create(inventory, FreshnessUnderTest.batchBody("Beef", "AUD-1", TODAY, TODAY)
                .put("notes", "private supplier remark")).json();
        String id = batch.get("id").asText();
        server.client().patch("/api/freshness/batches/" + id).bearer(inventory)
                .json("{\"product\":\"Beef brisket\",\"notes\":null}").send();
        // a PATCH that changes nothing writes nothing
        server.client().patch("/api/freshness/batches/" + id).bearer(inventory).json("{\"product\":\"Beef brisket\"}").send();
        server.client().delete("/api/freshness/batches/" + id).bearer(inventory).send();

        ApiResponse response = server.client().get("/api/freshness/admin/audit").bearer(admin).query("batchId", id).send();
        assertThat(response.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        response.json().get("items").forEach(event -> actions.add(event.get("action").asText()));
        assertThat(actions).containsExactly("batch.deleted", "batch.updated", "batch.created");
        JsonNode updated = response.json().get("items").get(1);
        assertThat(updated.get("actorId").asText()).isEqualTo(user.toString());
        assertThat(updated.get("orgId").asText()).isEqualTo(org.toString());
        assertThat(updated.get("requestId").asText()).isNotBlank();
        assertThat(updated.get("details").get("product").get("from").asText()).isEqualTo("Beef");
        assertThat(updated.get("details").get("product").get("to").asText()).isEqualTo("Beef brisket");
        assertThat(updated.get("details").get("notes").asText()).isEqualTo("changed");
        assertThat(response.body()).doesNotContain("private supplier remark");
    }

    @Test
    void policyChangesAreRecorded() {
        server.client().put("/api/freshness/policies/Sausage").bearer(admin).json("{\"freshMaxDays\":3,\"cautionMaxDays\":6}").send();
        server.client().put("/api/freshness/policies/SAUSAGE").bearer(admin).json("{\"freshMaxDays\":2,\"cautionMaxDays\":5}").send();
        server.client().delete("/api/freshness/policies/sausage").bearer(admin).send();
        JsonNode set = server.client().get("/api/freshness/admin/audit").bearer(admin).query("action", "policy.set").send().json();
        assertThat(set.get("total").asInt()).isEqualTo(2);
        JsonNode latest = set.get("items").get(0).get("details");
        assertThat(latest.get("from").get("freshMaxDays").asInt()).isEqualTo(3);
        assertThat(latest.get("to").get("cautionMaxDays").asInt()).isEqualTo(5);
        assertThat(set.get("items").get(1).get("details").get("from").isNull()).isTrue();
        JsonNode deleted = server.client().get("/api/freshness/admin/audit").bearer(admin).query("action", "policy.deleted")
                .send().json();
        assertThat(deleted.get("total").asInt()).isEqualTo(1);
        assertThat(deleted.get("items").get(0).get("product").asText()).isEqualTo("SAUSAGE");
    }

    @Test
    void theDatabaseRefusesToRewriteHistory() {
        server.createBatch(inventory, "Lamb", "AUD-2", TODAY);
        assertThat(server.count("SELECT count(*) FROM audit_events")).isPositive();
        for (String sql : List.of("UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events",
                "TRUNCATE audit_events")) {
            assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(sql)))
                    .hasMessageContaining("append-only");
        }
    }
}
