package dev.portalsuite.shared.db;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code DATABASE_URL} (JDBC or postgres:// form), {@code DATABASE_USER}, {@code DATABASE_PASSWORD},
 * {@code DATABASE_POOL_SIZE}, and how long a request may wait for the database before it is answered 503:
 * {@code DATABASE_ACQUIRE_TIMEOUT} (waiting for a pooled connection, default 1 s) and
 * {@code DATABASE_STATEMENT_TIMEOUT} (one statement, default 30 s), as ISO-8601 durations.
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize, Duration acquireTimeout,
                             Duration statementTimeout) {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/portal";
    /** Short enough that a request answers 503 within about a second when PostgreSQL is gone. */
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    public DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {
        this(jdbcUrl, user, password, maxPoolSize, DEFAULT_ACQUIRE_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT);
    }

    public DatabaseConfig {
        if (acquireTimeout == null || acquireTimeout.toMillis() < 250 || acquireTimeout.toSeconds() > 30) {
            throw new ConfigException("DATABASE_ACQUIRE_TIMEOUT must be from 250 ms to 30 s, got " + acquireTimeout);
        }
        if (statementTimeout == null || statementTimeout.toMillis() < 1000 || statementTimeout.toHours() > 1) {
            throw new ConfigException("DATABASE_STATEMENT_TIMEOUT must be from 1 s to 1 h, got " + statementTimeout);
        }
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
                env.integer("DATABASE_POOL_SIZE", 10, 1, 200),
                env.duration("DATABASE_ACQUIRE_TIMEOUT", DEFAULT_ACQUIRE_TIMEOUT, false),
                env.duration("DATABASE_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT, false));
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
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", maxPoolSize=" + maxPoolSize
                + ", acquireTimeout=" + acquireTimeout + ", statementTimeout=" + statementTimeout + "]";
    }
}
