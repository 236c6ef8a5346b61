package dev.portalsuite.shared.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresIT {

    private static Connection connect(DatabaseConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static final String USER_TABLES =
            "SELECT count(*) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";

    @Test
    void eachNewDatabaseIsSeparateAndEmpty() throws Exception {
        DatabaseConfig first = TestPostgres.newDatabase();
        DatabaseConfig second = TestPostgres.newDatabase();

        assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
        try (Connection a = connect(first); Connection b = connect(second)) {
            assertThat(scalar(a, USER_TABLES)).isZero();
            assertThat(scalar(b, USER_TABLES)).isZero();
            try (Statement statement = a.createStatement()) {
                statement.execute("CREATE TABLE only_in_first (id int)");
                statement.execute("INSERT INTO only_in_first VALUES (1)");
            }
            assertThat(scalar(a, USER_TABLES)).isEqualTo(1);
            assertThat(scalar(b, USER_TABLES)).as("the second database does not see the first one's table").isZero();
            try (Statement sa = a.createStatement(); ResultSet ra = sa.executeQuery("SELECT current_database()");
                 Statement sb = b.createStatement(); ResultSet rb = sb.executeQuery("SELECT current_database()")) {
                ra.next();
                rb.next();
                assertThat(ra.getString(1)).isNotEqualTo(rb.getString(1));
            }
        }
        assertThat(TestPostgres.describe()).isNotEqualTo("not started");
    }

    @Test
    void theServerIsPostgreSql16OrNewer() throws Exception {
        try (Connection connection = connect(TestPostgres.newDatabase());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
            assertThat(rs.next()).isTrue();
            assertThat(Integer.parseInt(rs.getString(1))).isGreaterThanOrEqualTo(160000);
        }
    }
}
