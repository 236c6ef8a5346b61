package dev.portalsuite.auth.mfa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts second-factor secrets at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce (stored in front of
 * the ciphertext) and is bound to its owner by the associated data, so a ciphertext copied to another user's row
 * does not decrypt.
 */
public final class SecretBox {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public SecretBox(byte[] keyBytes) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("the MFA key must be 32 bytes (AES-256), got " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
    }

    /**
     * The key from {@code keyFile} (base64 of 32 bytes), or in development one generated once under
     * {@code dataDir/keys/mfa-key} and reused on every restart.
     */
    public static SecretBox load(Optional<Path> keyFile, Path dataDir) {
        try {
            if (keyFile.isPresent()) {
                return new SecretBox(decode(Files.readString(keyFile.get()), keyFile.get()));
            }
            Path generated = dataDir.resolve("keys").resolve("mfa-key");
            if (!Files.exists(generated)) {
                Files.createDirectories(generated.getParent());
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try {
                    Files.writeString(generated, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII,
                            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    restrictToOwner(generated);
                } catch (FileAlreadyExistsException raced) {
                    // another instance on the same data directory wrote it first; use theirs
                }
            }
            return new SecretBox(decode(Files.readString(generated), generated));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MFA key", e);
        }
    }

    private static byte[] decode(String text, Path file) {
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MFA key file " + file + " must hold the base64 of 32 random bytes");
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException ignored) {
            // not a POSIX file system; the data directory's own permissions apply
        }
    }

    public byte[] seal(byte[] plaintext, String owner) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** Decrypts; throws when the value was not sealed with this key for this owner (wrong key, tampering). */
    public byte[] open(byte[] sealed, String owner) {
        if (sealed.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored MFA secret does not decrypt with the configured MFA key", e);
        }
    }
}
