package dev.portalsuite.sync.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
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
}
