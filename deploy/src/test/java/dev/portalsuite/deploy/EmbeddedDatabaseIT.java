package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local suite's database keeps what it acknowledged: durable settings and a clean shutdown checkpoint. */
class EmbeddedDatabaseIT {
    /** {@code DBState} in PostgreSQL's {@code pg_control.h}: DB_STARTUP = 0, DB_SHUTDOWNED = 1, ... */
    private static final int DB_SHUTDOWNED = 1;

    @TempDir
    Path dataDir;

    @Test
    void runsWithFsyncAndSynchronousCommitOnAndStopsWithAShutdownCheckpoint() throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, 0);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement()) {
            assertThat(show(statement, "fsync")).isEqualTo("on");
            assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
            assertThat(show(statement, "full_page_writes")).isEqualTo("on");
            statement.execute("CREATE TABLE kept (id int PRIMARY KEY)");
            statement.execute("INSERT INTO kept VALUES (1)");
        } finally {
            database.close();
        }
        Path directory = dataDir.resolve("postgres");
        assertThat(directory.resolve("postmaster.pid")).as("the postmaster has exited").doesNotExist();
        assertThat(clusterState(directory)).as("pg_control says 'shut down', no crash recovery on the next start")
                .isEqualTo(DB_SHUTDOWNED);
    }

    private static String show(Statement statement, String setting) throws Exception {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    /**
     * {@code ControlFileData} starts with system_identifier (uint64), pg_control_version (uint32),
     * catalog_version_no (uint32), then {@code state}; the file is written in the machine's byte order.
     */
    private static int clusterState(Path directory) throws Exception {
        byte[] control = Files.readAllBytes(directory.resolve("global").resolve("pg_control"));
        return ByteBuffer.wrap(control).order(ByteOrder.nativeOrder()).getInt(16);
    }
}
