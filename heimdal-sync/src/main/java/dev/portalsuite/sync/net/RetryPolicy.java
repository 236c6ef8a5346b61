package dev.portalsuite.sync.net;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bounded retries: at most {@code maxAttempts} attempts per request; exponential back-off with jitter
 * ({@code base * 2^(n-1)}, capped at {@code maxDelay}, then a random value between half and all of it), and
 * {@code Retry-After} (delta-seconds or an HTTP date) honoured up to {@code maxRetryAfter}. {@link #call} is the one
 * retry loop of the job's HTTP clients; each client says in an {@link Exchange} what its answers mean.
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

    /**
     * Sends {@code exchange}'s request until its answer is {@link Answer#done done}: an answer to
     * {@link Answer#retry retry} waits (its {@code Retry-After} up to {@code maxRetryAfter}, else the back-off) and
     * sends again while attempts remain, else throws the answer's failure; a transport error is retried likewise
     * when the exchange allows it; {@link Answer#again again} sends at once without counting an attempt.
     */
    public <T> T call(OkHttpClient http, Exchange<T> exchange) {
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try (Response response = http.newCall(exchange.request()).execute()) {
                Answer<T> answer = exchange.answer(response, attempt);
                if (answer instanceof Answer.Done<T> done) {
                    return done.value();
                }
                if (answer instanceof Answer.Again<T>) {
                    attempt--;
                    continue;
                }
                Answer.Retry<T> retry = (Answer.Retry<T>) answer;
                if (!mayRetry(attempt)) {
                    throw retry.exhausted();
                }
                wait = waitBefore(retry, attempt);
                exchange.retrying(retry.status(), null, attempt, wait);
            } catch (IOException e) {
                if (!exchange.mayRetry(e) || !mayRetry(attempt)) {
                    throw exchange.unreachable(e, attempt);
                }
                wait = backoff(attempt);
                exchange.retrying(0, e, attempt, wait);
            }
            sleep(wait);
        }
    }

    private Duration waitBefore(Answer.Retry<?> retry, int attempt) {
        Optional<Duration> asked = retryAfter(retry.retryAfter());
        if (asked.isPresent() && asked.get().compareTo(maxRetryAfter) > 0) {
            if (retry.retryAfterTooLong() != null) {
                throw retry.retryAfterTooLong().apply(asked.get());
            }
            return backoff(attempt);
        }
        return asked.orElseGet(() -> backoff(attempt));
    }

    /** One HTTP exchange for {@link #call}: the request of each attempt and what a response or an error means. */
    public interface Exchange<T> {
        /** The request of one attempt, built anew each time (e.g. with a fresh token). */
        Request request();

        /** What a response means; a response that ends the job throws its {@link SyncFailure}. */
        Answer<T> answer(Response response, int attempt) throws IOException;

        /** Whether a transport error may be retried (the request cannot have been processed, or repeating it is safe). */
        default boolean mayRetry(IOException error) {
            return true;
        }

        /** The failure for a transport error that is not retried (any more). */
        SyncFailure unreachable(IOException error, int attempts);

        /** Says that the exchange is retried: after HTTP {@code status}, or after {@code error} (then status is 0). */
        void retrying(int status, IOException error, int attempt, Duration wait);
    }

    /** What one response means to an {@link Exchange}. */
    public sealed interface Answer<T> {
        static <T> Answer<T> done(T value) {
            return new Done<>(value);
        }

        /** Send again at once, not counted as an attempt (e.g. with a fresh token after a 401). */
        static <T> Answer<T> again() {
            return new Again<>();
        }

        /** Retry after the back-off or the response's {@code Retry-After} (over the cap: the back-off). */
        static <T> Answer<T> retry(Response response, SyncFailure exhausted) {
            return new Retry<>(response.code(), response.header("Retry-After"), exhausted, null);
        }

        /** Like {@link #retry}, but a {@code Retry-After} over the cap fails with {@code tooLong}'s failure. */
        static <T> Answer<T> retryWithin(Response response, SyncFailure exhausted, Function<Duration, SyncFailure> tooLong) {
            return new Retry<>(response.code(), response.header("Retry-After"), exhausted, tooLong);
        }

        record Done<T>(T value) implements Answer<T> {
        }

        record Again<T>() implements Answer<T> {
        }

        record Retry<T>(int status, String retryAfter, SyncFailure exhausted,
                        Function<Duration, SyncFailure> retryAfterTooLong) implements Answer<T> {
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
