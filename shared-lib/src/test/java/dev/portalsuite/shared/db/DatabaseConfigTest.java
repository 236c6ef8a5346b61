package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How long a request may wait for the database: short defaults, configurable, nonsense refused at start. */
class DatabaseConfigTest {

    @Test
    void waitingForTheDatabaseIsShortByDefault() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of()), DeploymentMode.DEVELOPMENT);
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void timeoutsComeFromTheEnvironment() {
        DatabaseConfig config = DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_ACQUIRE_TIMEOUT", "PT0.5S",
                "DATABASE_STATEMENT_TIMEOUT", "PT2M")), DeploymentMode.DEVELOPMENT);
        assertThat(config.acquireTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.statementTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.toString()).contains("acquireTimeout=PT0.5S");
    }

    @Test
    void timeoutsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_ACQUIRE_TIMEOUT", "PT0.1S")),
                DeploymentMode.DEVELOPMENT)).isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_ACQUIRE_TIMEOUT");
        assertThatThrownBy(() -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_ACQUIRE_TIMEOUT", "PT1M")),
                DeploymentMode.DEVELOPMENT)).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_STATEMENT_TIMEOUT", "PT0.5S")),
                DeploymentMode.DEVELOPMENT)).isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_STATEMENT_TIMEOUT");
        assertThatThrownBy(() -> DatabaseConfig.fromEnv(new Env(Map.of("DATABASE_STATEMENT_TIMEOUT", "soon")),
                DeploymentMode.DEVELOPMENT)).isInstanceOf(ConfigException.class);
    }
}
