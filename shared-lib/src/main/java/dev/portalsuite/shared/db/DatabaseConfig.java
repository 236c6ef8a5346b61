package dev.portalsuite.shared.db;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** {@code DATABASE_URL} (JDBC or postgres:// form), {@code DATABASE_USER}, {@code DATABASE_PASSWORD}, {@code DATABASE_POOL_SIZE}. */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/portal";

    public DatabaseConfig {
        if (jdbcUrl != null && (jdbcUrl.startsWith("postgres://") || jdbcUrl.startsWith("postgresql://"))) {
            // the libpq/Heroku form postgres://user:password@host:port/db: credentials move out of the URL
            URI uri = URI.create(jdbcUrl);
            if (uri.getRawUserInfo() != null) {
                String[] credentials = uri.getRawUserInfo().split(":", 2);
                user = decode(credentials[0]);
                if (credentials.length == 2) {
                    password = decode(credentials[1]);
                }
            }
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            jdbcUrl = "jdbc:postgresql://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath()) + query;
        }
        jdbcUrl = normalise(jdbcUrl);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
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

    private static String normalise(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("DATABASE_URL must not be empty");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException("DATABASE_URL must start with jdbc:postgresql:// or postgres://");
        }
        return url;
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
