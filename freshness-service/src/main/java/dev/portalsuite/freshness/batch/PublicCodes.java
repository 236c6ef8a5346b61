package dev.portalsuite.freshness.batch;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Public codes: 16 characters of lower-case base32 ({@code a-z2-7}) from {@link SecureRandom} = 80 random bits,
 * unrelated to the batch id. The alphabet has no 0/1/8/9, so a code read aloud or typed is hard to mistake.
 */
public final class PublicCodes {
    public static final int LENGTH = 16;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("[a-z2-7]{" + LENGTH + "}");

    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    /** The canonical (lower-case) form of a code someone typed or scanned, or null when it cannot be one. */
    public static String normalise(String raw) {
        if (raw == null || raw.length() != LENGTH) {
            return null;
        }
        String code = raw.toLowerCase(Locale.ROOT);
        return FORMAT.matcher(code).matches() ? code : null;
    }
}
