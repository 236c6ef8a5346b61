package dev.portalsuite.shared.testing;

import dev.portalsuite.shared.db.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server per test JVM: {@code TEST_DATABASE_URL} when set (with
 * {@code TEST_DATABASE_USER}/{@code TEST_DATABASE_PASSWORD}), else Testcontainers when a Docker engine
 * answers, else zonky's embedded PostgreSQL. {@link #newDatabase()} creates a fresh, empty database,
 * so each test class starts from nothing.
 */
public final class TestPostgres {
    private static Server server;

    private TestPostgres() {
    }

    public static synchronized DatabaseConfig newDatabase() {
        if (server == null) {
            server = start();
        }
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database", e);
        }
        return new DatabaseConfig(server.urlFor(name), server.user(), server.password(), 8);
    }

    /** Where the server came from, for test logs. */
    public static synchronized String describe() {
        return server == null ? "not started" : server.kind();
    }

    private static Server start() {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return new Server("TEST_DATABASE_URL", url,
                    envOr("TEST_DATABASE_USER", "postgres"), envOr("TEST_DATABASE_PASSWORD", "postgres"));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new Server("testcontainers", container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return new Server("embedded PostgreSQL", postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAvailable() {
        boolean configured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!configured) {
            return false; // skip Testcontainers' noisy probe when no engine can possibly answer
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record Server(String kind, String adminUrl, String user, String password) {
        String urlFor(String database) {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?', slash);
            String suffix = query < 0 ? "" : adminUrl.substring(query);
            return adminUrl.substring(0, slash + 1) + database + suffix;
        }
    }
}
