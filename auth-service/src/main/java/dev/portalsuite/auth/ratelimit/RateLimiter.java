package dev.portalsuite.auth.ratelimit;

import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Fixed-window request limit per (action, client IP), counted in PostgreSQL so that every instance
 * behind the proxy shares the count. {@code limit = 0} disables it.
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
        Instant windowStart = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis);
        int hits = jdbi.withExtension(RateLimitDao.class, dao -> dao.hit(action + "|" + clientIp, windowStart));
        if (hits > limit) {
            Duration retryAfter = Duration.between(now, windowStart.plus(window));
            throw ApiException.tooManyRequests("Too many attempts from your address; try again later.", retryAfter);
        }
    }

    /** Drops windows that can no longer count. */
    public int purgeExpired() {
        Instant before = clock.instant().minus(window);
        return jdbi.withExtension(RateLimitDao.class, dao -> dao.deleteBefore(before));
    }
}
