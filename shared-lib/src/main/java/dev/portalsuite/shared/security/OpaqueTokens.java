package dev.portalsuite.shared.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque secrets (refresh tokens, invite tokens, client secrets): 256 random bits, base64url. They carry
 * enough entropy that a SHA-256 hash is a safe way to store them; only the hash is ever kept.
 */
public final class OpaqueTokens {
    /** Longer input cannot be one of ours; refuse it before hashing. */
    public static final int MAX_LENGTH = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
