package dev.portalsuite.freshness.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * "Today" is the calendar day in FRESHNESS_ZONE, not in UTC: checked at 23:30 and 00:30 local time, on both sides
 * of UTC, where the UTC date differs from the local one.
 */
class TimeZoneIT {

    @Test
    void aucklandCountsDaysByTheLocalCalendar() {
        LocalDate d = LocalDate.parse("2026-03-10");
        LocalDateTime lateEvening = d.atTime(23, 30);
        LocalDateTime afterMidnight = d.plusDays(1).atTime(0, 30);
        try (FreshnessUnderTest server = new FreshnessUnderTest(Instant.EPOCH).with("FRESHNESS_ZONE", "Pacific/Auckland").start()) {
            String token = server.inventory(UUID.randomUUID());

            server.setLocalTime(lateEvening);
            // 23:30 in Auckland (UTC+13) is 10:30 UTC on the same date
            assertThat(server.today()).isEqualTo(d);
            JsonNode yesterday = server.createBatch(token, "Beef", "akl-yesterday", d.minusDays(1));
            assertThat(yesterday.get("daysOnShelf").asInt()).isEqualTo(1);
            JsonNode twoDays = server.createBatch(token, "Beef", "akl-two-days", d.minusDays(2));
            assertThat(twoDays.get("daysOnShelf").asInt()).isEqualTo(2);
            assertThat(twoDays.get("status").asText()).isEqualTo("FRESH");
            assertThat(arrivalRejected(server, token, d.plusDays(1))).isTrue();

            server.setLocalTime(afterMidnight);
            // 00:30 on the 11th in Auckland is still the 10th in UTC: a UTC service would count one day less
            assertThat(LocalDate.ofInstant(afterMidnight.atZone(java.time.ZoneId.of("Pacific/Auckland")).toInstant(),
                    ZoneOffset.UTC)).isEqualTo(d);
            assertThat(read(server, token, yesterday).get("daysOnShelf").asInt()).isEqualTo(2);
            JsonNode crossed = read(server, token, twoDays);
            assertThat(crossed.get("daysOnShelf").asInt()).isEqualTo(3);
            assertThat(crossed.get("status").asText()).isEqualTo("CAUTION");
            JsonNode arrivedYesterday = server.createBatch(token, "Beef", "akl-arrived-10th", d);
            assertThat(arrivedYesterday.get("daysOnShelf").asInt()).isEqualTo(1);
            // the 11th is today in Auckland although UTC is still on the 10th
            JsonNode arrivedToday = server.createBatch(token, "Beef", "akl-arrived-11th", d.plusDays(1));
            assertThat(arrivedToday.get("daysOnShelf").asInt()).isZero();
        }
    }

    @Test
    void newYorkCountsDaysByTheLocalCalendar() {
        LocalDate d = LocalDate.parse("2026-01-20");
        try (FreshnessUnderTest server = new FreshnessUnderTest(Instant.EPOCH).with("FRESHNESS_ZONE", "America/New_York").start()) {
            String token = server.inventory(UUID.randomUUID());

            server.setLocalTime(d.atTime(23, 30));
            // 23:30 in New York (UTC-5) is 04:30 UTC on the next date
            assertThat(LocalDate.ofInstant(Instant.parse("2026-01-21T04:30:00Z"), ZoneOffset.UTC)).isEqualTo(d.plusDays(1));
            assertThat(server.today()).isEqualTo(d);
            JsonNode yesterday = server.createBatch(token, "Pork", "nyc-yesterday", d.minusDays(1));
            assertThat(yesterday.get("daysOnShelf").asInt()).isEqualTo(1);
            JsonNode fourDays = server.createBatch(token, "Pork", "nyc-four-days", d.minusDays(4));
            assertThat(fourDays.get("status").asText()).isEqualTo("CAUTION");
            // the 21st has begun in UTC, not in New York: an arrival on the 21st is still in the future
            assertThat(arrivalRejected(server, token, d.plusDays(1))).isTrue();

            server.setLocalTime(d.plusDays(1).atTime(0, 30));
            assertThat(read(server, token, yesterday).get("daysOnShelf").asInt()).isEqualTo(2);
            JsonNode expired = read(server, token, fourDays);
            assertThat(expired.get("daysOnShelf").asInt()).isEqualTo(5);
            assertThat(expired.get("status").asText()).isEqualTo("EXPIRED");
            assertThat(server.createBatch(token, "Pork", "nyc-arrived-20th", d).get("daysOnShelf").asInt()).isEqualTo(1);
            assertThat(arrivalRejected(server, token, d.plusDays(1))).isFalse();
        }
    }

    private static JsonNode read(FreshnessUnderTest server, String token, JsonNode batch) {
        ApiResponse response = server.client().get("/api/freshness/batches/" + batch.get("id").asText()).bearer(token).send();
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    /** Tries to record a batch arriving on {@code arrival}; true when it was refused as arriving in the future. */
    private static boolean arrivalRejected(FreshnessUnderTest server, String token, LocalDate arrival) {
        ApiResponse response = server.create(token, FreshnessUnderTest.batchBody("Probe", "probe-" + UUID.randomUUID(),
                arrival, arrival));
        if (response.status() == 201) {
            return false;
        }
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("arrivalDate");
        return true;
    }
}
