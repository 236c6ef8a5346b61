package dev.portalsuite.freshness.publicpage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.time.Instant;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Anything that is not a valid public code is a 404 — the HTML "not found" page for {@code /b/}, a problem for the
 * JSON twin — including codes the HTTP server cannot decode (the fuzzer's {@code %00}), never a 400.
 */
class InvalidPublicCodeIT {
    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-06-10T08:00:00Z"));

    @ParameterizedTest
    @ValueSource(strings = {"%00", "abc%00", "k7q2mzx4tpa6wbn%00", "%ZZ", "%C3%28", "%FF", "%0A", "%2F", "%5C", "..%2F..",
        "k7q2mzx4tpa6wbnc1", "k7q2mzx4tpa6wbn1", "%E2%80%8Bk7q2mzx4tpa6wbn"})
    void theHtmlPageAnswers404(String code) {
        ApiResponse page = server.client().get("/b/" + code).invalidRequest().send();
        assertThat(page.status()).as(page.toString()).isEqualTo(404);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<!doctype html>");
        assertThat(page.header("X-Request-Id")).isNotBlank();
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");

        ApiResponse head = server.client().head("/b/" + code).invalidRequest().send();
        assertThat(head.status()).as(head.toString()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"%00", "abc%00", "k7q2mzx4tpa6wbn%00", "%ZZ", "%C3%28", "%FF", "%0A", "%2F", "%5C", "..%2F..",
        "k7q2mzx4tpa6wbnc1", "k7q2mzx4tpa6wbn1", "%E2%80%8Bk7q2mzx4tpa6wbn"})
    void theJsonTwinAnswers404Problem(String code) {
        ApiResponse response = server.client().get("/api/freshness/public/batches/" + code).invalidRequest().send();
        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().get("requestId").asText()).isEqualTo(response.header("X-Request-Id"));
    }
}
