package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeysTest {
    @TempDir
    Path dir;

    @Test
    void withoutAKeyFileTheJwksOfAuthServiceIsUsed() {
        AuthKeys keys = AuthKeys.fromEnv(new Env(Map.of()));
        assertThat(keys.jwksUrl().toString()).isEqualTo("http://127.0.0.1:7001/.well-known/jwks.json");
        assertThat(keys.publicKeyFile()).isEmpty();
        assertThatThrownBy(() -> AuthKeys.fromEnv(new Env(Map.of("AUTH_JWKS_URL", "ftp://keys"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_JWKS_URL");
    }

    @Test
    void aConfiguredPublicKeyVerifiesItsOwnTokensOnly() throws Exception {
        TestTokens issuer = new TestTokens();
        Path pem = dir.resolve("auth-public.pem");
        Files.writeString(pem, RsaKeys.toPem(issuer.key().publicKey()));
        TokenVerifier verifier = AuthKeys.fromEnv(new Env(Map.of("AUTH_PUBLIC_KEY_FILE", pem.toString())))
                .verifier(TestTokens.SETTINGS, Clock.systemUTC());

        UUID user = UUID.randomUUID();
        assertThat(verifier.verify(issuer.user(user, List.of("admin"), null, null)).subject()).isEqualTo(user.toString());
        String forged = new TestTokens().user(user, List.of("admin"), null, null);
        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void aMissingOrMalformedKeyFileStopsTheServiceAtStartUp() throws Exception {
        AuthKeys missing = AuthKeys.fromEnv(new Env(Map.of("AUTH_PUBLIC_KEY_FILE", dir.resolve("nope.pem").toString())));
        assertThatThrownBy(() -> missing.verifier(TestTokens.SETTINGS, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_PUBLIC_KEY_FILE");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n");
        AuthKeys malformed = AuthKeys.fromEnv(new Env(Map.of("AUTH_PUBLIC_KEY_FILE", garbage.toString())));
        assertThatThrownBy(() -> malformed.verifier(TestTokens.SETTINGS, Clock.systemUTC()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a readable PEM public key");
    }
}
