package dev.portalsuite.console.security;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;

/** The test's authenticator app: RFC 6238 codes (java-otp) for the key the security page shows. */
final class Authenticator {
    private final byte[] key;

    Authenticator(String base32Key) {
        this.key = base32Decode(base32Key.replace(" ", ""));
    }

    /** The code of the period {@code periodsFromNow} away (each code is accepted once, ±1 period). */
    String code(int periodsFromNow) {
        try {
            var generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");
            return generator.generateOneTimePasswordString(new SecretKeySpec(key, "HmacSHA1"),
                    Instant.now().plusSeconds(30L * periodsFromNow), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '=') {
                break;
            }
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
