package dev.portalsuite.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code maxFailures} consecutive failed logins for a normalised email lock it for {@code duration}.
 * Keyed by email whether or not an account exists, so responses never reveal which emails are registered.
 */
public final class LockoutPolicy {
    private final Jdbi jdbi;
    private final Clock clock;
    private final int maxFailures;
    private final Duration duration;

    public LockoutPolicy(Jdbi jdbi, Clock clock, int maxFailures, Duration duration) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.duration = duration;
    }

    /** Reserves an attempt; empty means locked (or all attempts in flight). */
    public Optional<Integer> reserve(String email) {
        Instant now = clock.instant();
        return jdbi.withExtension(LoginAttemptDao.class,
                dao -> dao.reserve(email, maxFailures, now, now.minus(duration)));
    }

    /** Records that the reserved attempt failed; true when this failure locked the email. */
    public boolean failed(String email, int attempt) {
        if (attempt < maxFailures) {
            return false;
        }
        Instant now = clock.instant();
        return jdbi.withExtension(LoginAttemptDao.class, dao -> dao.lock(email, maxFailures, now.plus(duration), now)) > 0;
    }

    public void succeeded(String email) {
        jdbi.useExtension(LoginAttemptDao.class, dao -> dao.clear(email));
    }

    public void release(String email) {
        jdbi.useExtension(LoginAttemptDao.class, dao -> dao.release(email));
    }

    public void unlock(String email) {
        jdbi.useExtension(LoginAttemptDao.class, dao -> dao.clear(email));
    }

    /** How long until a locked email may try again (a second when its attempts are merely all in flight). */
    public Duration retryAfter(String email) {
        Instant now = clock.instant();
        return jdbi.withExtension(LoginAttemptDao.class, dao -> dao.find(email))
                .map(LoginAttemptDao.State::lockedUntil)
                .filter(until -> until.isAfter(now))
                .map(until -> Duration.between(now, until))
                .orElse(Duration.ofSeconds(1));
    }

    public Status status(String email) {
        Instant now = clock.instant();
        return jdbi.withExtension(LoginAttemptDao.class, dao -> dao.find(email))
                .map(s -> new Status(s.failedCount(), s.lockedUntil() != null && s.lockedUntil().isAfter(now) ? s.lockedUntil() : null))
                .orElse(new Status(0, null));
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(duration);
        return jdbi.withExtension(LoginAttemptDao.class, dao -> dao.purgeBefore(before));
    }

    /** What an administrator sees of an account's lockout. */
    public record Status(int failedAttempts, Instant lockedUntil) {
    }
}
