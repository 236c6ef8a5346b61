package dev.portalsuite.auth.account;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Emails are trimmed and compared case-insensitively: the normalised form is what we store and key on. */
public final class EmailAddress {
    private static final Pattern SHAPE = Pattern.compile("[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@.]{2,}");
    public static final int MAX_LENGTH = 320;

    private EmailAddress() {
    }

    public static String normalise(String raw) {
        return raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    }

    /** The normalised address, or empty when it is not a plausible email. */
    public static Optional<String> parse(String raw) {
        String email = normalise(raw);
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches() || email.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        return Optional.of(email);
    }
}
