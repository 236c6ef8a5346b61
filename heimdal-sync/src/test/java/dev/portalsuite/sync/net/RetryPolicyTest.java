package dev.portalsuite.sync.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.sync.testing.RecordingSleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Clock.fixed(NOW, ZoneOffset.UTC), d -> { }, RandomGenerator.of("L64X128MixRandom"));

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(policy.retryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(policy.retryAfter(" 0 ")).contains(Duration.ZERO);
        assertThat(policy.retryAfter("Sun, 22 Nov 2026 10:16:00 GMT")).contains(Duration.ofSeconds(30));
        assertThat(policy.retryAfter("Sun, 22 Nov 2026 10:00:00 GMT")).as("in the past").contains(Duration.ZERO);
        assertThat(policy.retryAfter("99999999999999999999")).get().matches(d -> d.compareTo(Duration.ofDays(365)) > 0);
        assertThat(policy.retryAfter("soon")).isEmpty();
        assertThat(policy.retryAfter("-5")).isEmpty();
        assertThat(policy.retryAfter(null)).isEmpty();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoff(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(policy.backoff(2)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(policy.backoff(4)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(policy.backoff(10)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            assertThat(policy.backoff(64)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void attemptsAreBounded() {
        assertThat(policy.mayRetry(4)).isTrue();
        assertThat(policy.mayRetry(5)).isFalse();
    }

    @Test
    void callRetriesWhatTheExchangeCallsRetryableHonouringRetryAfterAndAgainIsNotAnAttempt() throws Exception {
        RecordingSleeper sleeper = new RecordingSleeper();
        RetryPolicy retry = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Clock.fixed(NOW, ZoneOffset.UTC), sleeper, RandomGenerator.of("L64X128MixRandom"));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(401).build());
            server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "7").build());
            server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "999").build());
            server.enqueue(new MockResponse.Builder().code(200).body("done").build());
            server.start();
            List<String> log = new ArrayList<>();

            String body = retry.call(HTTP, exchange(server, log, true));

            assertThat(body).isEqualTo("done");
            assertThat(server.getRequestCount()).as("401 once again, then three counted attempts").isEqualTo(4);
            assertThat(log).containsExactly("401 at 1", "503 at 1", "retry 503 after 1", "503 at 2", "retry 503 after 2",
                    "200 at 3");
            assertThat(sleeper.waits().get(0)).as("Retry-After within the cap").isEqualTo(Duration.ofSeconds(7));
            assertThat(sleeper.waits().get(1)).as("over the cap: the back-off").isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        }
    }

    @Test
    void callGivesUpWithTheExchangesFailures() throws Exception {
        RetryPolicy retry = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMinutes(2),
                Clock.fixed(NOW, ZoneOffset.UTC), new RecordingSleeper(), RandomGenerator.of("L64X128MixRandom"));
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(500).build());
            server.enqueue(new MockResponse.Builder().code(500).build());
            server.enqueue(new MockResponse.Builder().code(500).setHeader("Retry-After", "999").build());
            server.start();
            List<String> log = new ArrayList<>();
            assertThatThrownBy(() -> retry.call(HTTP, exchange(server, log, false)))
                    .isInstanceOf(SyncFailure.class).hasMessage("exhausted at 2");
            assertThatThrownBy(() -> retry.call(HTTP, exchange(server, log, false)))
                    .isInstanceOf(SyncFailure.class).hasMessage("asked to wait PT16M39S");

            int closedPort = server.getPort();
            server.close();
            assertThatThrownBy(() -> retry.call(HTTP, exchange(closedPort, log)))
                    .isInstanceOf(SyncFailure.class).hasMessage("unreachable after 1");
        }
    }

    private static final OkHttpClient HTTP = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

    /** 401 once means "again"; 5xx is retried; over the cap, a Retry-After fails unless {@code lenient}. */
    private static RetryPolicy.Exchange<String> exchange(MockWebServer server, List<String> log, boolean lenient) {
        return exchange(server.getPort(), log, lenient);
    }

    private static RetryPolicy.Exchange<String> exchange(int port, List<String> log) {
        return exchange(port, log, false);
    }

    private static RetryPolicy.Exchange<String> exchange(int port, List<String> log, boolean lenient) {
        return new RetryPolicy.Exchange<>() {
            private boolean again;

            @Override
            public Request request() {
                return new Request.Builder().url("http://127.0.0.1:" + port + "/").build();
            }

            @Override
            public RetryPolicy.Answer<String> answer(Response response, int attempt) throws IOException {
                log.add(response.code() + " at " + attempt);
                if (response.code() == 401 && !again) {
                    again = true;
                    return RetryPolicy.Answer.again();
                }
                if (response.code() >= 500) {
                    SyncFailure exhausted = new SyncFailure("exhausted at " + attempt);
                    return lenient ? RetryPolicy.Answer.retry(response, exhausted)
                            : RetryPolicy.Answer.retryWithin(response, exhausted, wait -> new SyncFailure("asked to wait " + wait));
                }
                return RetryPolicy.Answer.done(response.body().string());
            }

            @Override
            public boolean mayRetry(IOException error) {
                return false;
            }

            @Override
            public SyncFailure unreachable(IOException error, int attempts) {
                return new SyncFailure("unreachable after " + attempts);
            }

            @Override
            public void retrying(int status, IOException error, int attempt, Duration wait) {
                log.add("retry " + status + " after " + attempt);
            }
        };
    }
}
