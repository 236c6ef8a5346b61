package dev.portalsuite.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.db.DatabaseConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnvTest {
    private static Env env(String... keyValues) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Env(map);
    }

    @Test
    void integerUsesTheDefaultWhenAbsentOrBlank() {
        assertThat(env().integer("N", 7, 1, 10)).isEqualTo(7);
        assertThat(env("N", "  ").integer("N", 7, 1, 10)).isEqualTo(7);
        assertThat(env("N", " 3 ").integer("N", 7, 1, 10)).isEqualTo(3);
        assertThat(env("N", "1").integer("N", 7, 1, 10)).isEqualTo(1);
        assertThat(env("N", "10").integer("N", 7, 1, 10)).isEqualTo(10);
    }

    @Test
    void integerOutOfRangeOrNotANumberIsAConfigExceptionNamingTheVariable() {
        assertThatThrownBy(() -> env("POOL", "0").integer("POOL", 7, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POOL").hasMessageContaining("between 1 and 10");
        assertThatThrownBy(() -> env("POOL", "11").integer("POOL", 7, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POOL");
        assertThatThrownBy(() -> env("POOL", "ten").integer("POOL", 7, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POOL").hasMessageContaining("integer");
        assertThatThrownBy(() -> env("POOL", "99999999999").integer("POOL", 7, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POOL");
        assertThatThrownBy(() -> env("POOL", "1.5").integer("POOL", 7, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessageContaining("POOL");
    }

    @Test
    void portMustBeWithin0And65535() {
        assertThat(env().port("PORT", 7001)).isEqualTo(7001);
        assertThat(env("PORT", "0").port("PORT", 7001)).isZero();
        assertThat(env("PORT", "65535").port("PORT", 7001)).isEqualTo(65535);
        assertThatThrownBy(() -> env("PORT", "65536").port("PORT", 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
        assertThatThrownBy(() -> env("PORT", "-1").port("PORT", 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
        assertThatThrownBy(() -> env("PORT", "http").port("PORT", 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
    }

    @Test
    void durationsAreIso8601() {
        assertThat(env("TTL", "PT15M").duration("TTL", Duration.ofMinutes(1), false)).isEqualTo(Duration.ofMinutes(15));
        assertThat(env("TTL", "P7D").duration("TTL", Duration.ofMinutes(1), false)).isEqualTo(Duration.ofDays(7));
        assertThat(env("TTL", "pt30s").duration("TTL", Duration.ofMinutes(1), false)).isEqualTo(Duration.ofSeconds(30));
        assertThat(env().duration("TTL", Duration.ofMinutes(1), false)).isEqualTo(Duration.ofMinutes(1));
        assertThat(env("TTL", "PT0S").duration("TTL", Duration.ofMinutes(1), true)).isZero();
    }

    @Test
    void badDurationsAreAConfigExceptionNamingTheVariable() {
        for (String bad : new String[] {"garbage", "15m", "15", "P", "PT"}) {
            assertThatThrownBy(() -> env("SESSION_IDLE", bad).duration("SESSION_IDLE", Duration.ofDays(7), false))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("SESSION_IDLE");
        }
        assertThatThrownBy(() -> env("SESSION_IDLE", "-PT1M").duration("SESSION_IDLE", Duration.ofDays(7), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SESSION_IDLE").hasMessageContaining("positive");
        assertThatThrownBy(() -> env("SESSION_IDLE", "PT0S").duration("SESSION_IDLE", Duration.ofDays(7), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SESSION_IDLE");
    }

    @Test
    void booleansAndListsAndUris() {
        assertThat(env("B", "yes").bool("B", false)).isTrue();
        assertThat(env("B", "OFF").bool("B", true)).isFalse();
        assertThat(env().bool("B", true)).isTrue();
        assertThatThrownBy(() -> env("B", "maybe").bool("B", false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("B");
        assertThat(env("L", " a, ,b ,c").list("L", "")).isEqualTo(List.of("a", "b", "c"));
        assertThat(env().list("L", "x,y")).isEqualTo(List.of("x", "y"));
        assertThat(env().uri("JWKS_URL", "http://127.0.0.1:7001/.well-known/jwks.json"))
                .isEqualTo(URI.create("http://127.0.0.1:7001/.well-known/jwks.json"));
        for (String bad : new String[] {"ftp://host/x", "not a url", "/relative", "http://"}) {
            assertThatThrownBy(() -> env("JWKS_URL", bad).uri("JWKS_URL", "http://x"))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("JWKS_URL");
        }
    }

    @Test
    void requiredNamesTheMissingVariable() {
        assertThatThrownBy(() -> env().required("JWT_PRIVATE_KEY"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_PRIVATE_KEY");
        assertThat(env("A", "1").with(Map.of("A", "2", "B", "3")).required("A")).isEqualTo("2");
    }

    @Test
    void portalEnvIsParsedStrictly() {
        assertThat(env().mode()).isEqualTo(DeploymentMode.DEVELOPMENT);
        assertThat(env("PORTAL_ENV", "production").mode()).isEqualTo(DeploymentMode.PRODUCTION);
        assertThat(env("PORTAL_ENV", " Prod ").mode()).isEqualTo(DeploymentMode.PRODUCTION);
        assertThat(env("PORTAL_ENV", "dev").mode().isProduction()).isFalse();
        for (String bad : new String[] {"staging", "prodution", "true"}) {
            assertThatThrownBy(() -> env("PORTAL_ENV", bad).mode())
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageContaining("PORTAL_ENV");
        }
    }

    @Test
    void commonConfigHasSafeDefaultsInDevelopment() {
        CommonConfig config = CommonConfig.fromEnv(env(), 7001);

        assertThat(config.mode()).isEqualTo(DeploymentMode.DEVELOPMENT);
        assertThat(config.port()).isEqualTo(7001);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.database().jdbcUrl()).isEqualTo(DatabaseConfig.DEFAULT_URL);
        assertThat(config.database().maxPoolSize()).isEqualTo(10);
        assertThat(config.jwt().leeway()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.trustedProxies().isTrusted("127.0.0.1")).isTrue();
        assertThat(config.trustedProxies().isTrusted("10.0.0.1")).isFalse();
    }

    @Test
    void productionWithoutDatabaseUrlFailsFast() {
        assertThatThrownBy(() -> CommonConfig.fromEnv(env("PORTAL_ENV", "production", "DATABASE_PASSWORD", "x9!long"), 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
    }

    @Test
    void productionWithTheDefaultDatabasePasswordFailsFast() {
        assertThatThrownBy(() -> CommonConfig.fromEnv(env(
                "PORTAL_ENV", "production", "DATABASE_URL", "jdbc:postgresql://db:5432/portal"), 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_PASSWORD");
        CommonConfig ok = CommonConfig.fromEnv(env("PORTAL_ENV", "production",
                "DATABASE_URL", "jdbc:postgresql://db:5432/portal", "DATABASE_PASSWORD", "a-real-secret", "PORT", "8080"), 7001);
        assertThat(ok.mode().isProduction()).isTrue();
        assertThat(ok.port()).isEqualTo(8080);
    }

    @Test
    void commonConfigRejectsABadPortOrProxyList() {
        assertThatThrownBy(() -> CommonConfig.fromEnv(env("PORT", "70000"), 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
        assertThatThrownBy(() -> CommonConfig.fromEnv(env("TRUSTED_PROXIES", "10.0.0.0/40"), 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("TRUSTED_PROXIES");
        assertThatThrownBy(() -> CommonConfig.fromEnv(env("DATABASE_POOL_SIZE", "0"), 7001))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_POOL_SIZE");
    }

    @Test
    void databaseConfigAcceptsThePostgresUrlForm() {
        DatabaseConfig config = DatabaseConfig.fromEnv(env("DATABASE_URL", "postgres://db.internal:5433/portal"), DeploymentMode.DEVELOPMENT);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/portal");
        assertThat(new DatabaseConfig("postgresql://db/portal?sslmode=require", "u", "p", 5).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/portal?sslmode=require");
        assertThat(new DatabaseConfig("jdbc:postgresql://db/portal", "u", "p", 5).jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/portal");
    }

    @Test
    void databaseConfigRejectsOtherUrlsAndHidesThePassword() {
        assertThatThrownBy(() -> new DatabaseConfig("mysql://db/portal", "u", "p", 5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> new DatabaseConfig(" ", "u", "p", 5))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
        assertThat(new DatabaseConfig("jdbc:postgresql://db/portal", "u", "hunter2", 5).toString()).doesNotContain("hunter2");
    }

    @Test
    void databaseConfigTakesCredentialsOutOfAPostgresUrl() throws Exception {
        DatabaseConfig config = DatabaseConfig.fromEnv(
                env("DATABASE_URL", "postgres://alice:s3cret@db.example:5432/portal"), DeploymentMode.DEVELOPMENT);

        Properties parsed = org.postgresql.Driver.parseURL(config.jdbcUrl(), new Properties());
        assertThat(parsed).isNotNull();
        assertThat(parsed.getProperty("PGHOST")).isEqualTo("db.example");
        assertThat(config.jdbcUrl()).doesNotContain("s3cret");
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(config.user()).isEqualTo("alice");
        assertThat(config.password()).isEqualTo("s3cret");
    }
}
