package dev.portalsuite.sync.net;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Bounded retries: at most {@code maxAttempts} attempts per request; exponential back-off with jitter
 * ({@code base * 2^(n-1)}, capped at {@code maxDelay}, then a random value between half and all of it), and
 * {@code Retry-After} (delta-seconds or an HTTP date) honoured up to {@code maxRetryAfter}.
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration maxRetryAfter;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter, Clock clock,
                       Sleeper sleeper, RandomGenerator random) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxRetryAfter = maxRetryAfter;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public boolean mayRetry(int attempt) {
        return attempt < maxAttempts;
    }

    /** The back-off before attempt {@code attempt + 1}: exponential, capped, with jitter in [d/2, d]. */
    public Duration backoff(int attempt) {
        long base = Math.max(1, baseDelay.toMillis());
        long exponential = attempt >= 31 ? Long.MAX_VALUE : base << Math.max(0, attempt - 1);
        long capped = Math.min(exponential < 0 ? Long.MAX_VALUE : exponential, maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (capped - half == 0 ? 0 : random.nextLong(capped - half + 1)));
    }

    /** {@code Retry-After} as a duration from now (RFC 9110: delta-seconds or an HTTP date), if present and valid. */
    public Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1000)); // absurdly long: above any cap
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("interrupted while waiting to retry");
        }
    }
}
