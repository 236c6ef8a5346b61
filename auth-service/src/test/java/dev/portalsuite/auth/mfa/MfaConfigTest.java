package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MFA settings: defaults per mode, and what production refuses. */
class MfaConfigTest {

    private static MfaConfig config(boolean production, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return MfaConfig.fromEnv(new Env(env), production, 5, Duration.ofMinutes(15));
    }

    @Test
    void developmentDefaults() {
        MfaConfig config = config(false);
        assertThat(config.requiredRoles()).isEmpty();
        assertThat(config.stepUpMaxAge()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.stepUpRequired()).isTrue();
        assertThat(config.keyFile()).isEmpty();
        assertThat(config.rpId()).isEqualTo("localhost");
        assertThat(config.origins()).containsExactly("http://localhost:8080");
    }

    @Test
    void productionRequiresAdminsToHaveAFactorAndAKeyFile() {
        MfaConfig config = config(true, "MFA_KEY_FILE", "/run/secrets/mfa-key",
                "CONSOLE_BASE_URL", "https://portal.example.com");
        assertThat(config.requiredRoles()).isEqualTo(Set.of("admin"));
        assertThat(config.keyFile()).contains(Path.of("/run/secrets/mfa-key"));
        assertThat(config.rpId()).isEqualTo("portal.example.com");
        assertThat(config.origins()).containsExactly("https://portal.example.com");

        assertThatThrownBy(() -> config(true)).isInstanceOf(ConfigException.class).hasMessageContaining("MFA_KEY_FILE");
        assertThatThrownBy(() -> config(true, "MFA_KEY_FILE", "/k", "STEP_UP_REQUIRED", "false"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("STEP_UP_REQUIRED");
        assertThatThrownBy(() -> config(true, "MFA_KEY_FILE", "/k", "CONSOLE_BASE_URL", "http://portal.example.com"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https");
    }

    @Test
    void explicitSettingsAreChecked() {
        MfaConfig config = config(false, "MFA_REQUIRED_ROLES", "Admin, mssp", "STEP_UP_MAX_AGE", "PT5M",
                "WEBAUTHN_RP_ID", "example.com", "WEBAUTHN_ORIGINS", "https://portal.example.com,https://example.com");
        assertThat(config.requiredRoles()).isEqualTo(Set.of("admin", "mssp"));
        assertThat(config.stepUpMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.origins()).isEqualTo(List.of("https://portal.example.com", "https://example.com"));

        assertThatThrownBy(() -> config(false, "MFA_REQUIRED_ROLES", "root")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MFA_REQUIRED_ROLES");
        assertThatThrownBy(() -> config(false, "MFA_REQUIRED_ROLES", "service")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config(false, "STEP_UP_MAX_AGE", "PT0S")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> config(false, "WEBAUTHN_RP_ID", "example.com", "WEBAUTHN_ORIGINS", "https://evil.test"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not on WEBAUTHN_RP_ID");
        assertThatThrownBy(() -> config(false, "WEBAUTHN_ORIGINS", "https://localhost/path"))
                .isInstanceOf(ConfigException.class);
    }
}
