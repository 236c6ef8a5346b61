package dev.portalsuite.auth.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portalsuite.shared.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * bcrypt hashing and verification, with at most {@code maxConcurrent} hashes at a time. bcrypt is
 * CPU-bound: a caller that cannot get a slot within {@code queueWait} gets a 503 with Retry-After at once
 * instead of queueing behind many seconds of work. Counted in {@code auth_password_checks_total} by
 * {@code operation} (hash, verify) and {@code outcome} (done, busy): a rising busy count means the gate is too small
 * for the load.
 */
public final class PasswordHasher {
    private final int cost;
    private final Semaphore slots;
    private final Duration queueWait;
    private final String dummyHash;
    private final MeterRegistry registry;

    public PasswordHasher(int cost, int maxConcurrent, Duration queueWait, MeterRegistry registry) {
        this.cost = cost;
        this.slots = new Semaphore(maxConcurrent, true);
        this.queueWait = queueWait;
        this.registry = registry;
        // verified against when the email is unknown, so unknown emails cost the same time as known ones
        this.dummyHash = BCrypt.withDefaults().hashToString(cost, "not-a-real-password-0".toCharArray());
    }

    public String hash(String password) {
        requireFits(password);
        return withSlot("hash", () -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()));
    }

    /** Verifies against {@code hash}, or against a dummy of equal cost when there is none. */
    public boolean verify(String password, String hash) {
        boolean fits = PasswordPolicy.fitsBcrypt(password);
        String against = hash == null ? dummyHash : hash;
        // an over-long password still costs one verification, so timing does not tell it apart
        char[] candidate = (fits ? password : "x".repeat(PasswordPolicy.MAX_BYTES)).toCharArray();
        boolean verified = withSlot("verify", () -> BCrypt.verifyer().verify(candidate, against).verified);
        return verified && fits && hash != null;
    }

    public boolean needsRehash(String hash) {
        return hash != null && costOf(hash) < cost;
    }

    static int costOf(String hash) {
        // $2a$12$...
        try {
            return Integer.parseInt(hash.substring(4, 6));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static void requireFits(String password) {
        if (!PasswordPolicy.fitsBcrypt(password)) {
            throw new IllegalArgumentException("password exceeds bcrypt's 72-byte limit");
        }
    }

    private <T> T withSlot(String operation, java.util.function.Supplier<T> work) {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            count(operation, "busy");
            throw new Busy();
        }
        try {
            return work.get();
        } finally {
            slots.release();
            count(operation, "done");
        }
    }

    private void count(String operation, String outcome) {
        Counter.builder("auth.password.checks").description("bcrypt hashes and verifications")
                .tag("operation", operation).tag("outcome", outcome).register(registry).increment();
    }

    /** Too many password hashes in progress. */
    public static final class Busy extends ApiException {
        Busy() {
            super(503, "Service Unavailable", "The server is busy checking passwords; try again in a moment.",
                    java.util.List.of(), java.util.Map.of("Retry-After", "1"));
        }
    }

}
