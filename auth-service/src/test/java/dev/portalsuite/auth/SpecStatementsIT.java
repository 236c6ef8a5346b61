package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/** What openapi.yaml states about lengths and timestamps is what the service does. */
class SpecStatementsIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String admin;

    @BeforeAll
    static void start() {
        admin = server.adminToken();
    }

    @Test
    void aRefreshTokenOverMaxLengthIs400OnRefreshAndLogout() {
        String tooLong = "r".repeat(129);
        for (String path : new String[] {"/api/auth/refresh", "/api/auth/logout"}) {
            ApiResponse response = server.client().post(path).json("{\"refreshToken\":\"" + tooLong + "\"}").invalidRequest().send();
            assertThat(response.status()).as(path + ": " + response).isEqualTo(400);
            assertThat(response.errorFields()).containsExactly("refreshToken");
        }
        // at the limit it is just an unknown token
        assertThat(server.refresh("r".repeat(128)).status()).isEqualTo(401);
    }

    @Test
    void aLoginPasswordOverBcryptsLimitIsAWrongPasswordNotA400() {
        ApiResponse response = server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD + "x".repeat(80));
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }

    @Test
    void passwordLimitsAreBytesAndTheMessageSaysSo() {
        // 3 characters of 2 bytes each: within minLength, under 8 bytes
        ApiResponse shortInBytes = server.register("bytes@test.dev", "ééé", "Byte Counter");
        assertThat(shortInBytes.status()).isEqualTo(400);
        assertThat(shortInBytes.json().get("errors").get(0).get("message").asText()).contains("bytes");
        // 4 characters of 4 bytes each are 16 bytes: long enough
        ApiResponse emoji = server.register("emoji@test.dev", "\uD83D\uDC11\uD83D\uDC10\uD83D\uDC04\uD83D\uDC0E", "Emoji Person");
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(201);
    }

    @Test
    void timestampsMayCarryAnOffsetAndTheErrorSaysSo() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES); // ":00" seconds, the case that once failed
        ApiResponse utc = server.client().get("/api/auth/admin/audit").bearer(admin).query("from", now.minusSeconds(3600).toString())
                .send();
        // formatted, not toString(): OffsetDateTime.toString() drops ":00" seconds, which the contract refuses
        String withOffset = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .format(now.minusSeconds(3600).atOffset(java.time.ZoneOffset.ofHours(2)));
        ApiResponse offset = server.client().get("/api/auth/admin/audit").bearer(admin).query("from", withOffset).send();
        assertThat(offset.status()).as(offset.toString()).isEqualTo(200);
        assertThat(offset.json().get("total")).isEqualTo(utc.json().get("total"));

        ApiResponse bad = server.client().get("/api/auth/admin/audit").bearer(admin).query("from", "2026-11-22 10:15:30")
                .invalidRequest().send();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorFields()).containsExactly("from");
        assertThat(bad.json().get("errors").get(0).get("message").asText()).contains("Z or an offset");
    }
}
