package dev.portalsuite.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessConfigTest {

    private static FreshnessConfig config(Map<String, String> values) {
        return FreshnessConfig.fromEnv(new Env(values));
    }

    private static Map<String, String> production(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PORTAL_ENV", "production",
                "DATABASE_URL", "jdbc:postgresql://db:5432/portal", "DATABASE_PASSWORD", "s3cret-value"));
        env.putAll(extra);
        return env;
    }

    @Test
    void defaults() {
        FreshnessConfig config = config(Map.of());
        assertThat(config.common().port()).isEqualTo(7003);
        assertThat(config.publicBaseUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.authKeys().jwksUrl().toString()).isEqualTo("http://127.0.0.1:7001/.well-known/jwks.json");
    }

    @Test
    void zonesAreValidated() {
        assertThat(config(Map.of("FRESHNESS_ZONE", "Pacific/Auckland")).zone()).isEqualTo(ZoneId.of("Pacific/Auckland"));
        assertThat(config(Map.of("FRESHNESS_ZONE", "+02:00")).zone()).isEqualTo(ZoneId.of("+02:00"));
        for (String bad : new String[] {"Mars/Olympus", "EST5", "not a zone", "UTC+25"}) {
            assertThatThrownBy(() -> config(Map.of("FRESHNESS_ZONE", bad))).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("FRESHNESS_ZONE");
        }
    }

    @Test
    void publicBaseUrlIsAPlainHttpUrlWithoutTrailingSlash() {
        assertThat(config(Map.of("PUBLIC_BASE_URL", "https://fresh.example.com/")).publicBaseUrl())
                .isEqualTo("https://fresh.example.com");
        assertThat(config(Map.of("PUBLIC_BASE_URL", "https://example.com/shop/fresh//")).publicBaseUrl())
                .isEqualTo("https://example.com/shop/fresh");
        for (String bad : new String[] {"fresh.example.com", "ftp://example.com", "https://example.com/?a=1",
                "https://example.com/#x", "https://user:pw@example.com", "http://"}) {
            assertThatThrownBy(() -> config(Map.of("PUBLIC_BASE_URL", bad))).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("PUBLIC_BASE_URL");
        }
    }

    @Test
    void productionNeedsARealHttpsPublicBaseUrl() {
        assertThatThrownBy(() -> config(production(Map.of()))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("PUBLIC_BASE_URL is required");
        assertThatThrownBy(() -> config(production(Map.of("PUBLIC_BASE_URL", "http://fresh.example.com"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https");
        assertThat(config(production(Map.of("PUBLIC_BASE_URL", "https://fresh.example.com"))).publicBaseUrl())
                .isEqualTo("https://fresh.example.com");
    }
}
