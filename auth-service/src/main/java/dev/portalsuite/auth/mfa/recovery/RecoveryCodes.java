package dev.portalsuite.auth.mfa.recovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Ten single-use recovery codes per user, shown once (at confirmation or regeneration) and stored only as SHA-256
 * hashes. Each code is 16 base32 characters (80 random bits) written as four groups: {@code abcd-efgh-jkmn-pqrs}.
 * Input is compared without case, spaces or dashes.
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 16;
    private static final int MAX_INPUT = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public RecoveryCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new set; every earlier code of the user is void. */
    public List<String> replace(Handle handle, UUID userId) {
        List<String> codes = new ArrayList<>(COUNT);
        List<byte[]> hashes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            String code = newCode();
            codes.add(code);
            hashes.add(hash(code));
        }
        RecoveryCodeDao dao = handle.attach(RecoveryCodeDao.class);
        dao.deleteAll(userId);
        dao.insert(userId, hashes, clock.instant());
        return List.copyOf(codes);
    }

    /** Spends the code if it is one of the user's unused codes. */
    public boolean spend(Handle handle, UUID userId, String code) {
        return handle.attach(RecoveryCodeDao.class).spend(userId, hash(code == null ? "" : code), clock.instant()) == 1;
    }

    public int remaining(Handle handle, UUID userId) {
        return handle.attach(RecoveryCodeDao.class).remaining(userId);
    }

    public void deleteAll(Handle handle, UUID userId) {
        handle.attach(RecoveryCodeDao.class).deleteAll(userId);
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(LENGTH + 3);
        for (int i = 0; i < LENGTH; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    static byte[] hash(String code) {
        String input = code.length() > MAX_INPUT ? code.substring(0, MAX_INPUT) : code;
        String normalised = input.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
        try {
            return MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
