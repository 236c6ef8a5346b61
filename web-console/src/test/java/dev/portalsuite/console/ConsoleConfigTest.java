package dev.portalsuite.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.console.session.SessionKey;
import dev.portalsuite.console.session.TokenCipher;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {
    @TempDir
    Path dir;

    private static final Map<String, String> PRODUCTION = Map.of(
            "PORTAL_ENV", "production",
            "DATABASE_URL", "jdbc:postgresql://db:5432/portal",
            "DATABASE_PASSWORD", "a-real-secret");

    private static Env env(Map<String, String> base, String... more) {
        Map<String, String> values = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return new Env(values);
    }

    @Test
    void development_defaults_are_safe_and_local() {
        ConsoleConfig config = ConsoleConfig.fromEnv(env(Map.of(), "PORTAL_DATA_DIR", dir.toString()));
        assertThat(config.common().port()).isEqualTo(7004);
        assertThat(config.authUrl().toString()).isEqualTo("http://127.0.0.1:7001");
        assertThat(config.baseUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.sessionKeyFile()).isEqualTo(dir.resolve("console-session.key").toAbsolutePath());
        assertThat(config.generateSessionKey()).isTrue();
        assertThat(config.secureCookie()).isFalse();
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(ConsoleConfig.fromEnv(env(Map.of(), "CONSOLE_PORT", "9000", "PORT", "8000")).common().port()).isEqualTo(9000);
        assertThat(ConsoleConfig.fromEnv(env(Map.of(), "PORT", "8000")).common().port()).isEqualTo(8000);
    }

    @Test
    void production_requires_an_https_base_url_and_a_key_file_and_uses_secure_cookies() throws Exception {
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(env(PRODUCTION, "CONSOLE_SESSION_KEY_FILE", "/k")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CONSOLE_BASE_URL");
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(env(PRODUCTION, "CONSOLE_BASE_URL", "http://portal.example.com",
                "CONSOLE_SESSION_KEY_FILE", "/k"))).isInstanceOf(ConfigException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(env(PRODUCTION, "CONSOLE_BASE_URL", "https://portal.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CONSOLE_SESSION_KEY_FILE");
        Path key = dir.resolve("key");
        ConsoleConfig config = ConsoleConfig.fromEnv(env(PRODUCTION, "CONSOLE_BASE_URL", "https://portal.example.com/",
                "CONSOLE_SESSION_KEY_FILE", key.toString()));
        assertThat(config.baseUrl()).isEqualTo("https://portal.example.com");
        assertThat(config.secureCookie()).isTrue();
        assertThat(config.generateSessionKey()).isFalse();
        // production never generates the key: a missing file stops the console
        assertThatThrownBy(() -> SessionKey.load(key, false)).isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        Files.writeString(key, Base64.getEncoder().encodeToString(new byte[16]));
        assertThatThrownBy(() -> SessionKey.load(key, false)).isInstanceOf(ConfigException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ConsoleConfig.fromEnv(env(Map.of(), "AUTH_URL", "ftp://x"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void a_development_key_is_generated_once_and_kept() throws Exception {
        Path key = dir.resolve("sub").resolve("console-session.key");
        byte[] first = SessionKey.load(key, true);
        assertThat(first).hasSize(32);
        assertThat(SessionKey.load(key, true)).isEqualTo(first);
        assertThat(Files.readString(key, StandardCharsets.US_ASCII).strip()).isEqualTo(Base64.getEncoder().encodeToString(first));
    }

    @Test
    void sealed_tokens_open_only_with_the_same_key_and_row() throws Exception {
        TokenCipher cipher = new TokenCipher(new byte[32]);
        byte[] sealed = cipher.encrypt("secret".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        assertThat(new String(cipher.decrypt(sealed, new byte[] {1}), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(cipher.encrypt("secret".getBytes(StandardCharsets.UTF_8), new byte[] {1})).isNotEqualTo(sealed);
        assertThatThrownBy(() -> cipher.decrypt(sealed, new byte[] {2})).isInstanceOf(java.security.GeneralSecurityException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new TokenCipher(other).decrypt(sealed, new byte[] {1}))
                .isInstanceOf(java.security.GeneralSecurityException.class);
    }
}
