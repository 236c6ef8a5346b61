package dev.portalsuite.auth.mfa.totp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 with the parameters every authenticator app understands: HMAC-SHA-1, 6 digits, 30-second steps, and
 * one step either side for clock drift. The HOTP arithmetic is java-otp's. Checking a code always computes and
 * compares all three candidates, so a wrong code costs the same whether or not it was close.
 */
public final class TotpAlgorithm {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;
    public static final int SECRET_BYTES = 20;
    private static final int DRIFT_STEPS = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeBasedOneTimePasswordGenerator generator =
            new TimeBasedOneTimePasswordGenerator(STEP, DIGITS, TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1);

    public static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    public static String base32(byte[] secret) {
        return Base32.encode(secret);
    }

    public static long stepOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The code of a time step, zero-padded to six digits. */
    public String code(byte[] secret, long step) {
        try {
            int value = generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()));
            return String.format("%0" + DIGITS + "d", value);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 refused a TOTP secret", e);
        }
    }

    /**
     * The time step (within one step of {@code now}) whose code equals {@code code}, if any. A malformed code is
     * compared like any other (against a placeholder of the right length), so it costs the same.
     */
    public OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        String candidate = code != null && code.length() == DIGITS && code.chars().allMatch(c -> c >= '0' && c <= '9')
                ? code : "-".repeat(DIGITS);
        byte[] given = candidate.getBytes(StandardCharsets.US_ASCII);
        long current = stepOf(now);
        long matched = Long.MIN_VALUE;
        for (long step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
            if (MessageDigest.isEqual(given, code(secret, step).getBytes(StandardCharsets.US_ASCII)) && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }
}
