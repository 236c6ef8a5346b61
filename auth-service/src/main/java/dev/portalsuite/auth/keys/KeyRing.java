package dev.portalsuite.auth.keys;

import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing key (newest; signs every token) and the public halves of previous keys, still published
 * in the JWKS so tokens they signed keep verifying until they expire.
 */
public final class KeyRing {
    private final SigningKey signingKey;
    private final Map<String, RSAPublicKey> publishedKeys;

    public KeyRing(SigningKey signingKey, Map<String, RSAPublicKey> previous) {
        this.signingKey = signingKey;
        Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
        keys.put(signingKey.kid(), signingKey.publicKey());
        previous.forEach(keys::putIfAbsent);
        this.publishedKeys = Map.copyOf(keys);
    }

    /**
     * @param keyFile {@code AUTH_SIGNING_KEY_FILE}; when absent (development only) a key is generated once
     *     under {@code dataDir/keys} and reused on every restart
     * @param previousKeyFiles PEM files of earlier keys (private or public) to keep publishing
     */
    public static KeyRing load(Optional<Path> keyFile, Path dataDir, List<Path> previousKeyFiles) {
        try {
            SigningKey signing = keyFile.isPresent()
                    ? RsaKeys.readPrivateKeyPem(Files.readString(keyFile.get()))
                    : RsaKeys.loadOrGenerate(dataDir.resolve("keys").resolve("auth-signing-key.pem"));
            Map<String, RSAPublicKey> previous = new LinkedHashMap<>();
            for (Path file : previousKeyFiles) {
                String pem = Files.readString(file);
                RSAPublicKey key = pem.contains("PRIVATE KEY")
                        ? RsaKeys.readPrivateKeyPem(pem).publicKey()
                        : RsaKeys.readPublicKeyPem(pem);
                previous.put(RsaKeys.thumbprint(key), key);
            }
            return new KeyRing(signing, previous);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing keys", e);
        }
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    public Map<String, RSAPublicKey> publishedKeys() {
        return publishedKeys;
    }

    public Map<String, Object> jwks() {
        return Map.of("keys", publishedKeys.entrySet().stream()
                .map(entry -> RsaKeys.toJwk(entry.getKey(), entry.getValue()))
                .toList());
    }
}
