package dev.portalsuite.shared.security;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Where a verifying service gets auth-service's token keys: a PEM public key file ({@code AUTH_PUBLIC_KEY_FILE}),
 * or else auth-service's JWKS ({@code AUTH_JWKS_URL}, cached and refetched on an unknown key id).
 */
public record AuthKeys(URI jwksUrl, Optional<Path> publicKeyFile) {
    public static final String DEFAULT_JWKS_URL = "http://127.0.0.1:7001/.well-known/jwks.json";

    public static AuthKeys fromEnv(Env env) {
        return new AuthKeys(env.uri("AUTH_JWKS_URL", DEFAULT_JWKS_URL), env.path("AUTH_PUBLIC_KEY_FILE"));
    }

    /** Reads the key file now, so a missing or malformed one stops the service at start-up. */
    public TokenVerifier verifier(JwtSettings settings, Clock clock) {
        if (publicKeyFile.isEmpty()) {
            return TokenVerifier.withJwks(jwksUrl, settings, clock);
        }
        Path file = publicKeyFile.get();
        RSAPublicKey key;
        try {
            key = RsaKeys.readPublicKeyPem(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("AUTH_PUBLIC_KEY_FILE " + file + " is not a readable PEM public key: " + e.getMessage());
        }
        return TokenVerifier.withKeys(Map.of(RsaKeys.thumbprint(key), key), settings, clock);
    }
}
