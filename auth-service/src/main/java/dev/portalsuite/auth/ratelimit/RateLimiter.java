package dev.portalsuite.auth.ratelimit;

import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Request limit per (action, client IP), counted in PostgreSQL so that every instance behind the proxy shares
 * the count. A sliding window: the previous fixed window's hits count in proportion to how much of it still
 * lies within the last {@code window}, so a burst at a window boundary cannot pass twice the limit.
 * Refused requests count too, so flooding does not earn a fresh allowance. {@code limit = 0} disables it.
 */
public final class RateLimiter {
    private final Jdbi jdbi;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    public RateLimiter(Jdbi jdbi, Clock clock, int limit, Duration window) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** Throws 429 with Retry-After when {@code clientIp} has used up its requests for {@code action}. */
    public void check(String action, String clientIp) {
        if (limit == 0) {
            return;
        }
        Instant now = clock.instant();
        long windowMillis = window.toMillis();
        long windowStart = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
        RateLimitDao.Counts counts = jdbi.withExtension(RateLimitDao.class, dao -> dao.hit(action + "|" + clientIp,
                Instant.ofEpochMilli(windowStart), Instant.ofEpochMilli(windowStart - windowMillis)));
        double elapsed = (double) (now.toEpochMilli() - windowStart) / windowMillis;
        if (estimate(counts.previous(), counts.current(), elapsed) > limit) {
            throw ApiException.tooManyRequests("Too many attempts from your address; try again later.",
                    retryAfter(counts, elapsed));
        }
    }

    private static double estimate(int previous, int current, double elapsed) {
        return previous * (1 - elapsed) + current;
    }

    /** How long until one more request would be within the limit, if nothing else arrives meanwhile. */
    private Duration retryAfter(RateLimitDao.Counts counts, double elapsed) {
        double windowsToWait;
        int roomInThisWindow = limit - counts.current() - 1;
        if (roomInThisWindow >= 0 && counts.previous() > 0) {
            windowsToWait = 1 - (double) roomInThisWindow / counts.previous() - elapsed;
        } else {
            // this window's hits alone are too many: wait until they weigh little enough in the next one
            windowsToWait = (1 - elapsed) + Math.max(0, 1 - (double) (limit - 1) / counts.current());
        }
        long millis = (long) Math.ceil(Math.max(windowsToWait, 0) * window.toMillis());
        return Duration.ofMillis(Math.max(millis, 1));
    }

    /** Drops windows that can no longer count (the previous window still weighs on the current one). */
    public int purgeExpired() {
        Instant before = clock.instant().minus(window.multipliedBy(2));
        return jdbi.withExtension(RateLimitDao.class, dao -> dao.deleteBefore(before));
    }
}
