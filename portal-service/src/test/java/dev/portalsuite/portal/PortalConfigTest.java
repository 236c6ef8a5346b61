package dev.portalsuite.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortalConfigTest {

    @Test
    void defaultsAreSafeForLocalUse() {
        PortalConfig config = PortalConfig.fromEnv(new Env(Map.of()));
        assertThat(config.common().port()).isEqualTo(7002);
        assertThat(config.authKeys().jwksUrl().toString()).isEqualTo("http://127.0.0.1:7001/.well-known/jwks.json");
        assertThat(config.authKeys().publicKeyFile()).isEmpty();
        assertThat(config.syncStaleAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void variablesAreRead() {
        PortalConfig config = PortalConfig.fromEnv(new Env(Map.of("PORT", "9002", "SYNC_STALE_AFTER", "PT20M",
                "AUTH_JWKS_URL", "https://auth.example.com/.well-known/jwks.json", "AUTH_PUBLIC_KEY_FILE", "/etc/auth.pem")));
        assertThat(config.common().port()).isEqualTo(9002);
        assertThat(config.syncStaleAfter()).isEqualTo(Duration.ofMinutes(20));
        assertThat(config.authKeys().jwksUrl().getHost()).isEqualTo("auth.example.com");
        assertThat(config.authKeys().publicKeyFile()).hasValueSatisfying(p -> assertThat(p.toString()).isEqualTo("/etc/auth.pem"));
    }

    @Test
    void badValuesStopTheServiceWithTheVariablesName() {
        assertThatThrownBy(() -> PortalConfig.fromEnv(new Env(Map.of("SYNC_STALE_AFTER", "an hour"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SYNC_STALE_AFTER");
        assertThatThrownBy(() -> PortalConfig.fromEnv(new Env(Map.of("SYNC_STALE_AFTER", "PT10S"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SYNC_STALE_AFTER");
        assertThatThrownBy(() -> PortalConfig.fromEnv(new Env(Map.of("AUTH_JWKS_URL", "ftp://keys"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_JWKS_URL");
        assertThatThrownBy(() -> PortalConfig.fromEnv(new Env(Map.of("PORTAL_ENV", "production"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
    }
}
