package dev.portalsuite.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The checks every "bad input" test makes of a problem+json answer. */
public final class ProblemAssert {
    private ProblemAssert() {
    }

    /** The status, a complete problem document echoing the request id, and nothing leaked from the server's insides. */
    public static void assertCleanProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("problem+json, got " + response.contentType()).isTrue();
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("requestId").asText()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.", "com.fasterxml", "org.postgresql",
                "org.jdbi", "SQL", "sql", "SELECT", "INSERT", "jdbc");
    }
}
