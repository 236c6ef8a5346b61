package dev.portalsuite.shared.db;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;

/** {@code DATABASE_URL} (JDBC or postgres:// form), {@code DATABASE_USER}, {@code DATABASE_PASSWORD}, {@code DATABASE_POOL_SIZE}. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/portal";

    public DatabaseConfig {
        jdbcUrl = normalise(jdbcUrl);
    }

    public static DatabaseConfig fromEnv(Env env, DeploymentMode mode) {
        if (mode.isProduction() && env.optional("DATABASE_URL").isEmpty()) {
            throw new ConfigException("DATABASE_URL is required when PORTAL_ENV=production");
        }
        String password = env.string("DATABASE_PASSWORD", "portal");
        if (mode.isProduction() && password.equals("portal")) {
            throw new ConfigException("DATABASE_PASSWORD must be set to a real secret when PORTAL_ENV=production");
        }
        return new DatabaseConfig(
                env.string("DATABASE_URL", DEFAULT_URL),
                env.string("DATABASE_USER", "portal"),
                password,
                env.integer("DATABASE_POOL_SIZE", 10, 1, 200));
    }

    public DatabaseConfig withUrl(String url, String user, String password) {
        return new DatabaseConfig(url, user, password, maxPoolSize);
    }

    private static String normalise(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("DATABASE_URL must not be empty");
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return "jdbc:postgresql://" + url.substring(url.indexOf("://") + 3);
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("DATABASE_URL must start with jdbc:postgresql:// or postgres://, got '" + url + "'");
        }
        return url;
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
