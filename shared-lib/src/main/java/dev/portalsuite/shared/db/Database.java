package dev.portalsuite.shared.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * One service's view of PostgreSQL: a Hikari pool whose connections default to the service's own schema,
 * Flyway migrations from {@code classpath:db/migration/<schema>} with a history table in that schema, and Jdbi.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource)
                .installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
        LazySqlObjects.install(jdbi);
        RememberedArguments.install(jdbi); // last: it must be the first argument factory asked
    }

    /**
     * Opens the pool and applies pending migrations; fails fast when the database is unreachable at start.
     *
     * <p>Once running, a request never waits long for a database that is gone: borrowing a connection gives up
     * after {@link DatabaseConfig#acquireTimeout()} (then the request is a 503), a statement is cancelled by
     * PostgreSQL after {@link DatabaseConfig#statementTimeout()}, and a read on a connection whose peer went silent
     * gives up a few seconds after that. The pool keeps trying to open connections, so it recovers on its own as
     * soon as the database is back. Migrations run on their own connection, without those timeouts.
     */
    public static Database open(DatabaseConfig config, String schema, MeterRegistry registry) {
        if (!schema.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("bad schema name " + schema);
        }
        long acquireMillis = config.acquireTimeout().toMillis();
        long statementMillis = config.statementTimeout().toMillis();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setPoolName(schema);
        hikari.setConnectionTimeout(acquireMillis);
        hikari.setValidationTimeout(Math.max(250, Math.min(1_000, acquireMillis / 2)));
        hikari.setInitializationFailTimeout(30_000);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "portal-" + schema);
        // pgjdbc's timeouts are whole seconds: opening a connection (TCP, then login) and any one read
        hikari.addDataSourceProperty("connectTimeout", "5");
        hikari.addDataSourceProperty("loginTimeout", "5");
        hikari.addDataSourceProperty("socketTimeout", Long.toString(config.statementTimeout().toSeconds() + 5));
        hikari.setConnectionInitSql("SET search_path TO " + schema + ", public; SET statement_timeout = " + statementMillis);
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(config.jdbcUrl(), config.user(), config.password())
                    .schemas(schema)
                    .defaultSchema(schema)
                    .createSchemas(true)
                    .table("flyway_schema_history")
                    .locations("classpath:db/migration/" + schema)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Readiness: a connection can be borrowed and answers within two seconds. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
