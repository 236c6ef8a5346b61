package dev.portalsuite.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Outages;
import dev.portalsuite.shared.testing.TcpProxy;
import dev.portalsuite.shared.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable (a proxy between the service and the database is cut): reads and writes answer
 * 503 with Retry-After at once, readiness goes DOWN, nothing is half-written, and once the database is back the same
 * requests succeed without restarting the service.
 */
class DatabaseCutIT {
    private static final LocalDate TODAY = LocalDate.parse("2026-07-01");

    @Test
    void anUnreachableDatabaseIsAFast503AndTheServiceRecoversOnItsOwn() {
        var database = TestPostgres.newDatabase();
        var fronted = TcpProxy.inFrontOf(database);
        Jdbi direct = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        try (TcpProxy proxy = fronted.proxy();
             FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-07-01T10:00:00Z"))
                     .database(fronted.config()).start()) {
            String token = server.inventory(UUID.randomUUID());
            JsonNode batch = server.createBatch(token, "Beef", "CUT-1", TODAY);
            String id = batch.get("id").asText();
            String code = batch.get("publicCode").asText();
            String newBatch = FreshnessUnderTest.batchBody("Beef", "CUT-2", TODAY, TODAY).toString();
            String change = "{\"notes\":\"written during the outage\"}";

            proxy.cut();

            Outages.assertFast503("GET /api/freshness/batches",
                    () -> server.client().get("/api/freshness/batches").bearer(token).send());
            Outages.assertFast503("GET /api/freshness/batches/{id}",
                    () -> server.client().get("/api/freshness/batches/" + id).bearer(token).send());
            Outages.assertFast503("GET /api/freshness/public/batches/{code}",
                    () -> server.client().get("/api/freshness/public/batches/" + code).send());
            Outages.assertFast503("POST /api/freshness/batches",
                    () -> server.client().post("/api/freshness/batches").bearer(token).json(newBatch).send());
            Outages.assertFast503("PATCH /api/freshness/batches/{id}",
                    () -> server.client().patch("/api/freshness/batches/" + id).bearer(token).json(change).send());
            Outages.assertNotReady(server.client());

            proxy.restore();
            Outages.awaitReady(server.client(), Duration.ofSeconds(20));

            // nothing was half-written
            assertThat(count(direct, "SELECT count(*) FROM freshness.batches WHERE batch_identifier = 'CUT-2'")).isZero();
            assertThat(count(direct, "SELECT count(*) FROM freshness.batches WHERE notes IS NOT NULL")).isZero();
            // the same requests succeed, without a restart
            assertThat(server.client().get("/api/freshness/batches").bearer(token).send().status()).isEqualTo(200);
            assertThat(server.client().get("/api/freshness/batches/" + id).bearer(token).send().status()).isEqualTo(200);
            assertThat(server.client().get("/api/freshness/public/batches/" + code).send().status()).isEqualTo(200);
            ApiResponse created = server.client().post("/api/freshness/batches").bearer(token).json(newBatch).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ApiResponse changed = server.client().patch("/api/freshness/batches/" + id).bearer(token).json(change).send();
            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(count(direct, "SELECT count(*) FROM freshness.batches WHERE batch_identifier = 'CUT-2'")).isEqualTo(1);
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
