package dev.portalsuite.console.session;

import dev.portalsuite.shared.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The console's 256-bit secret (base64 in a file): encrypts tokens at rest and keys the anonymous CSRF tokens. */
public final class SessionKey {
    private SessionKey() {
    }

    /** Reads the key; creates it first when {@code generate} and the file does not exist (development). */
    public static byte[] load(Path file, boolean generate) {
        try {
            if (!Files.exists(file)) {
                if (!generate) {
                    throw new ConfigException("CONSOLE_SESSION_KEY_FILE " + file + " does not exist");
                }
                create(file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length != 32) {
                throw new ConfigException("CONSOLE_SESSION_KEY_FILE " + file + " must hold 32 bytes (base64), it holds " + key.length);
            }
            return key;
        } catch (IOException e) {
            throw new ConfigException("CONSOLE_SESSION_KEY_FILE " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("CONSOLE_SESSION_KEY_FILE " + file + " is not base64");
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".console-key", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        try {
            // two instances starting at once: the first rename wins, the other reads the winner's key
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            if (!Files.exists(file)) {
                throw e;
            }
        }
    }
}
