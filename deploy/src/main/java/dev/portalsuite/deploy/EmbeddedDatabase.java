package dev.portalsuite.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (shipped as a Maven artifact) whose data directory persists under
 * {@code PORTAL_DATA_DIR/postgres}, so restarting the suite keeps every row.
 *
 * <p>Durable: zonky starts the postmaster with {@code -F} (fsync off) and {@code synchronous_commit=off}, fine for
 * throwaway test databases but not for a data directory someone keeps. Its {@code -c} options come after {@code -F}
 * on the command line and PostgreSQL applies the last one, so {@code fsync=on} here wins. Zonky stops the server with
 * {@code pg_ctl stop -m fast -t 5}; {@link #close()} checkpoints first (so the shutdown checkpoint has little left to
 * write) and then waits for the postmaster to finish its shutdown checkpoint instead of trusting the 5 s.
 */
final class EmbeddedDatabase implements AutoCloseable {
    static final String DATABASE = "portal";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path directory;
    private final Optional<ProcessHandle> postmaster;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) throws IOException {
        this.postgres = postgres;
        this.directory = directory;
        this.postmaster = postmasterOf(directory);
    }

    private static Optional<ProcessHandle> postmasterOf(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        return first.matches("\\d+") ? ProcessHandle.of(Long.parseLong(first)) : Optional.empty();
    }

    static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Path directory = dataDir.resolve("postgres");
        Files.createDirectories(directory);
        stopOrphanedServer(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedDatabase database = new EmbeddedDatabase(builder.start(), directory);
        database.createApplicationDatabase();
        return database;
    }

    /**
     * A launcher killed with SIGKILL leaves its PostgreSQL running on the data directory, and a new server
     * cannot start there. Stop that orphan (SIGTERM: PostgreSQL shuts down cleanly) before starting.
     */
    private static void stopOrphanedServer(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !lines.get(0).trim().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres")).orElse(false))
                // the pid file names the data directory it belongs to; a reused pid is someone else's process
                .filter(process -> Path.of(lines.get(1).trim()).toAbsolutePath().normalize()
                        .equals(directory.toAbsolutePath().normalize()));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warn("stopping PostgreSQL {} left running on {} by an earlier launcher", pid, directory);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL " + pid + " from an earlier launcher does not stop; stop it and retry", e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", DATABASE);
    }

    int port() {
        return postgres.getPort();
    }

    private void createApplicationDatabase() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IOException("could not create the '" + DATABASE + "' database", e);
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            LOG.warn("CHECKPOINT before shutdown failed; the shutdown checkpoint will write everything", e);
        }
        postgres.close();
        if (postmaster.isPresent()) {
            try {
                postmaster.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while PostgreSQL finished its shutdown checkpoint", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("PostgreSQL " + postmaster.get().pid() + " did not finish shutting down in 60 s", e);
            }
        }
    }
}
