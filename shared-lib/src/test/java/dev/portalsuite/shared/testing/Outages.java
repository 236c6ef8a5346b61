package dev.portalsuite.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;

/** Assertions for database-outage tests: a fast 503 with Retry-After, and readiness coming back on its own. */
public final class Outages {
    /**
     * "Fast" means not waiting for a 30 s default or for TCP to give up; the target is about a second (the pool's
     * acquire timeout), and the margin is generous because the machine running the tests may be busy.
     */
    public static final Duration FAST = Duration.ofSeconds(5);

    private Outages() {
    }

    /** Sends the request and asserts a 503 problem with Retry-After that came well before {@link #FAST}. */
    public static ApiResponse assertFast503(String what, Supplier<ApiResponse> request) {
        long started = System.nanoTime();
        ApiResponse response = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.status()).as("%s: %s", what, response).isEqualTo(503);
        assertThat(response.isProblem()).as("%s is a problem document", what).isTrue();
        assertThat(response.header("Retry-After")).as("%s Retry-After", what).isNotBlank();
        assertThat(response.body()).as(what).doesNotContain("Exception").doesNotContain("SQL").doesNotContain("jdbc");
        assertThat(took).as("%s answered 503 after %s", what, took).isLessThan(FAST);
        return response;
    }

    /** Readiness reports the database DOWN, and says so fast. */
    public static void assertNotReady(ApiClient client) {
        long started = System.nanoTime();
        ApiResponse ready = client.get("/health/ready").send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(ready.status()).as(ready.toString()).isEqualTo(503);
        assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("DOWN");
        assertThat(took).as("readiness answered after %s", took).isLessThan(FAST);
        assertThat(client.get("/health/live").send().status()).isEqualTo(200);
    }

    /** Polls readiness (bounded) until it is UP again, without restarting anything. */
    public static void awaitReady(ApiClient client, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        ApiResponse ready = client.get("/health/ready").send();
        while (ready.status() != 200 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            ready = client.get("/health/ready").send();
        }
        assertThat(ready.status()).as("readiness %s after the database came back", ready).isEqualTo(200);
    }
}
