package dev.portalsuite.auth.account;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portalsuite.shared.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * bcrypt hashing and verification, with at most {@code maxConcurrent} hashes at a time ({@link HashGate}). bcrypt is
 * CPU-bound: a caller whose turn is not predicted within {@code queueWait} (from the average time of recent hashes
 * and the callers already waiting) gets a 503 with Retry-After at once, without waiting, instead of queueing behind
 * many seconds of work; the admitted callers keep every slot busy. Counted in {@code auth_password_checks_total} by
 * {@code operation} (hash, verify) and {@code outcome} (done, busy): a rising busy count means the gate is too small
 * for the load.
 */
public final class PasswordHasher {
    private final int cost;
    private final HashGate gate;
    private final String dummyHash;
    private final MeterRegistry registry;

    public PasswordHasher(int cost, int maxConcurrent, Duration queueWait, MeterRegistry registry) {
        this.cost = cost;
        this.registry = registry;
        // verified against when the email is unknown, so unknown emails cost the same time as known ones
        long started = System.nanoTime();
        this.dummyHash = BCrypt.withDefaults().hashToString(cost, "not-a-real-password-0".toCharArray());
        // the first estimate of a hash's time, refined by every hash the gate runs
        this.gate = new HashGate(maxConcurrent, queueWait, Duration.ofNanos(System.nanoTime() - started), System::nanoTime);
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

    /**
     * A 503 now when every slot is busy and no caller more may wait, so a request that would be refused at its
     * password check is refused before it does anything else. A cheap, racy look: the check itself decides.
     */
    public void refuseIfSaturated(String operation) {
        if (gate.saturated()) {
            count(operation, "busy");
            throw new Busy();
        }
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
        T result;
        try {
            result = gate.run(work);
        } catch (HashGate.Refused e) {
            count(operation, "busy");
            throw new Busy();
        }
        count(operation, "done");
        return result;
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
