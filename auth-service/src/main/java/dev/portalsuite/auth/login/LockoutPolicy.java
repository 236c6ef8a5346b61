package dev.portalsuite.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code maxFailures} consecutive wrong passwords for a normalised email lock it for {@code duration}.
 * Failures are forgotten once none has come for {@code duration} (like Active Directory's "reset account
 * lockout counter after"), so only failures closer together than that add up.
 * Keyed by email whether or not an account exists, so responses never reveal which emails are registered.
 * Login and password change count against the same limit, so a stolen access token cannot be used to
 * guess the account's password without limit.
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

    /**
     * Counts one password check against the email's lockout: refused while the email is locked (or all its
     * attempts are in flight), otherwise the check runs; success clears the count, failure records it and
     * locks the email at the limit. An attempt whose check throws (the server too busy to hash) is given back.
     */
    public Attempt attempt(String email, BooleanSupplier passwordCheck) {
        Optional<Integer> reserved = reserve(email);
        if (reserved.isEmpty()) {
            return new Attempt(Outcome.REFUSED_LOCKED, 0, retryAfter(email));
        }
        int number = reserved.get();
        boolean verified;
        try {
            verified = passwordCheck.getAsBoolean();
        } catch (RuntimeException e) {
            release(email);
            throw e;
        }
        if (verified) {
            succeeded(email);
            return new Attempt(Outcome.VERIFIED, number, Duration.ZERO);
        }
        return failed(email, number)
                ? new Attempt(Outcome.FAILED_AND_LOCKED, number, duration)
                : new Attempt(Outcome.FAILED, number, Duration.ZERO);
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

    public enum Outcome { VERIFIED, FAILED, FAILED_AND_LOCKED, REFUSED_LOCKED }

    /** One counted password check: its outcome, its number among the allowed failures, and when to retry if locked. */
    public record Attempt(Outcome outcome, int number, Duration retryAfter) {
        public boolean failed() {
            return outcome == Outcome.FAILED || outcome == Outcome.FAILED_AND_LOCKED;
        }
    }

    /** What an administrator sees of an account's lockout. */
    public record Status(int failedAttempts, Instant lockedUntil) {
    }
}
