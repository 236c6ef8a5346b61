package dev.portalsuite.auth.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * 8 to 72 UTF-8 bytes (bcrypt's limit: we reject rather than truncate), not one of the 10,000 most common
 * passwords, not the email address. No composition rules (NIST SP 800-63B).
 */
public final class PasswordPolicy {
    public static final int MIN_BYTES = 8;
    public static final int MAX_BYTES = 72;

    private final Set<String> commonPasswords;

    private PasswordPolicy(Set<String> commonPasswords) {
        this.commonPasswords = Set.copyOf(commonPasswords);
    }

    public static PasswordPolicy withBundledList() {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/dev/portalsuite/auth/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.trim();
                if (!word.isEmpty()) {
                    words.add(word.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PasswordPolicy(words);
    }

    /** Why the password is unacceptable, or empty when it is fine. */
    public Optional<String> problem(String password, String normalisedEmail) {
        if (password == null) {
            return Optional.of("is required");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_BYTES) {
            return Optional.of("must be at least " + MIN_BYTES + " bytes in UTF-8 (" + MIN_BYTES + " plain letters or digits)");
        }
        if (bytes > MAX_BYTES) {
            return Optional.of("must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (commonPasswords.contains(lower)) {
            return Optional.of("is one of the most common passwords; choose another");
        }
        if (normalisedEmail != null && lower.trim().equals(normalisedEmail)) {
            return Optional.of("must not be your email address");
        }
        return Optional.empty();
    }

    public static boolean fitsBcrypt(String password) {
        return password != null && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
    }
}
