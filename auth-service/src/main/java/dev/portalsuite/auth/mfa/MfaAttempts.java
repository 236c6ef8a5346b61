package dev.portalsuite.auth.mfa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code maxFailures} failed second steps (sign-in or step-up) lock an account's MFA step for {@code duration}.
 * Counted apart from wrong passwords: a wrong password never locks the MFA step, and a wrong code never locks the
 * password. Each check first claims an attempt in the database, so concurrent guesses get no more checks than
 * the limit.
 */
public final class MfaAttempts {
    private final Jdbi jdbi;
    private final Clock clock;
    private final int maxFailures;
    private final Duration duration;

    public MfaAttempts(Jdbi jdbi, Clock clock, int maxFailures, Duration duration) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.duration = duration;
    }

    /** Claims an attempt; empty when the MFA step is locked (or all its attempts are in flight). */
    public Optional<Integer> claim(UUID userId) {
        Instant now = clock.instant();
        return jdbi.withExtension(MfaAttemptDao.class, dao -> dao.claim(userId, maxFailures, now, now.minus(duration)));
    }

    /** Records that a claimed attempt failed; true when this failure locked the MFA step. */
    public boolean failed(UUID userId, int attempt) {
        if (attempt < maxFailures) {
            return false;
        }
        Instant now = clock.instant();
        return jdbi.withExtension(MfaAttemptDao.class, dao -> dao.lock(userId, maxFailures, now.plus(duration), now)) > 0;
    }

    /** Gives back a claimed attempt that was never checked (the request was malformed). */
    public void release(UUID userId) {
        jdbi.useExtension(MfaAttemptDao.class, dao -> dao.release(userId));
    }

    public void succeeded(UUID userId) {
        jdbi.useExtension(MfaAttemptDao.class, dao -> dao.clear(userId));
    }

    /** How long until a locked MFA step may try again (a second when its attempts are merely all in flight). */
    public Duration retryAfter(UUID userId) {
        Instant now = clock.instant();
        return jdbi.withExtension(MfaAttemptDao.class, dao -> dao.lockedUntil(userId, now))
                .map(until -> Duration.between(now, until))
                .orElse(Duration.ofSeconds(1));
    }

    public Duration lockDuration() {
        return duration;
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(duration);
        return jdbi.withExtension(MfaAttemptDao.class, dao -> dao.purgeBefore(before));
    }
}
