package dev.portalsuite.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Without its database the service answers 503 problems (never 500) and reports itself not ready. */
class DatabaseOutageIT {

    @Test
    void aLostDatabaseIs503() {
        try (FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-07-01T10:00:00Z")).start()) {
            String token = server.inventory(UUID.randomUUID());
            JsonNode batch = server.createBatch(token, "Beef", "OUTAGE-1", LocalDate.parse("2026-07-01"));
            server.app().database().close();

            for (ApiResponse response : new ApiResponse[] {
                server.client().get("/api/freshness/batches").bearer(token).send(),
                server.client().get("/api/freshness/batches/" + batch.get("id").asText()).bearer(token).send(),
                server.client().get("/api/freshness/public/batches/" + batch.get("publicCode").asText()).send(),
                server.client().post("/api/freshness/batches").bearer(token)
                        .json(FreshnessUnderTest.batchBody("Beef", "OUTAGE-2", LocalDate.parse("2026-07-01"),
                                LocalDate.parse("2026-07-01")).toString()).send()}) {
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.isProblem()).isTrue();
                assertThat(response.header("Retry-After")).isNotBlank();
            }
            ApiResponse ready = server.client().get("/health/ready").send();
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("database").asText()).isEqualTo("DOWN");
            assertThat(server.client().get("/health/live").send().status()).isEqualTo(200);
        }
    }
}
