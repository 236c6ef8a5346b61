package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings auth-service refuses to start with, above all in production. */
class AuthConfigTest {
    private static final String DEMO_ADMIN_PASSWORD = "Admin@123!";

    /** A complete production environment, changed by {@code keyValues} (an empty value unsets a variable). */
    private static Env production(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PORTAL_ENV", "production",
                "DATABASE_URL", "jdbc:postgresql://db.internal:5432/portal",
                "DATABASE_PASSWORD", "a-real-database-secret",
                "AUTH_SIGNING_KEY_FILE", "/run/secrets/auth-signing-key.pem",
                "MFA_KEY_FILE", "/run/secrets/mfa-key",
                "BOOTSTRAP_ADMIN_EMAIL", "ops@example.com",
                "BOOTSTRAP_ADMIN_PASSWORD", "Ops-Admin-Secret-42",
                "SMTP_HOST", "smtp.example.com",
                "MAIL_FROM", "Portal Suite <no-reply@example.com>",
                "CONSOLE_BASE_URL", "https://portal.example.com"));
        return new Env(env).with(pairs(keyValues));
    }

    private static Env development(String... keyValues) {
        return new Env(pairs(keyValues));
    }

    private static Map<String, String> pairs(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCompleteProductionConfigurationStarts() {
        AuthConfig config = AuthConfig.fromEnv(production());

        assertThat(config.common().mode().isProduction()).isTrue();
        assertThat(config.bcryptCost()).isEqualTo(12);
        assertThat(config.signingKeyFile()).contains(Path.of("/run/secrets/auth-signing-key.pem"));
        assertThat(config.bootstrapAdminEmail()).contains("ops@example.com");
        assertThat(config.bootstrapAdminPassword()).contains("Ops-Admin-Secret-42");
        assertThat(config.toString()).doesNotContain("Ops-Admin-Secret-42");

        assertThat(AuthConfig.fromEnv(production("BCRYPT_COST", "10")).bcryptCost()).isEqualTo(10);
        AuthConfig withoutAdmin = AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_EMAIL", "", "BOOTSTRAP_ADMIN_PASSWORD", ""));
        assertThat(withoutAdmin.bootstrapAdminEmail()).isEmpty();
        assertThat(withoutAdmin.bootstrapAdminPassword()).isEmpty();
    }

    @Test
    void productionRefusesABcryptCostBelow10() {
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BCRYPT_COST", "9")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BCRYPT_COST must be at least 10 when PORTAL_ENV=production");
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BCRYPT_COST", "4")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BCRYPT_COST");
        // development (and the tests) may hash cheaply
        assertThat(AuthConfig.fromEnv(development("BCRYPT_COST", "4")).bcryptCost()).isEqualTo(4);
    }

    @Test
    void productionRefusesTheDemoAdminPassword() {
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BOOTSTRAP_ADMIN_PASSWORD must not be the demo password when PORTAL_ENV=production");
        // surrounding spaces are trimmed, so they do not disguise it
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_PASSWORD", " " + DEMO_ADMIN_PASSWORD + " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("demo password");
        // the local suite uses it
        AuthConfig local = AuthConfig.fromEnv(development(
                "BOOTSTRAP_ADMIN_EMAIL", "admin@portal.dev", "BOOTSTRAP_ADMIN_PASSWORD", DEMO_ADMIN_PASSWORD));
        assertThat(local.bootstrapAdminPassword()).contains(DEMO_ADMIN_PASSWORD);
    }

    @Test
    void theBootstrapAdminEmailAndPasswordComeTogether() {
        String message = "BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together";
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_PASSWORD", "")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_EMAIL", "")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
        // a blank value counts as unset
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("BOOTSTRAP_ADMIN_PASSWORD", "   ")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
        // in development too: half a bootstrap admin is a mistake anywhere
        assertThatThrownBy(() -> AuthConfig.fromEnv(development("BOOTSTRAP_ADMIN_EMAIL", "admin@portal.dev")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
        assertThatThrownBy(() -> AuthConfig.fromEnv(development("BOOTSTRAP_ADMIN_PASSWORD", "Some-Admin-Pass-1")))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void productionRefusesGeneratedSigningKeys() {
        assertThatThrownBy(() -> AuthConfig.fromEnv(production("AUTH_SIGNING_KEY_FILE", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("AUTH_SIGNING_KEY_FILE is required when PORTAL_ENV=production");
        assertThat(AuthConfig.fromEnv(development()).signingKeyFile()).isEmpty();
    }
}
