package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalsuite.shared.testing.TcpProxy;
import dev.portalsuite.shared.testing.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pool's timeouts: a statement that runs too long, and a database that is gone, fail fast and count as "unavailable". */
class DatabaseTimeoutsIT {

    @Test
    void aStatementOverTheStatementTimeoutIsCancelledAndCountsAsUnavailable() {
        DatabaseConfig base = TestPostgres.newDatabase();
        DatabaseConfig config = new DatabaseConfig(base.jdbcUrl(), base.user(), base.password(), 2, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        try (Database database = Database.open(config, "demo", null)) {
            assertThat(text(database, "SHOW statement_timeout"))
                    .isEqualTo("1s");
            assertThat(text(database, "SELECT current_schema()"))
                    .isEqualTo("demo");
            Throwable error = catchThrowable(() -> database.jdbi().useHandle(h -> h.execute("SELECT pg_sleep(5)")));
            assertThat(DatabaseErrors.isUnavailable(error)).as("%s", error).isTrue();
            // the connection is still good afterwards
            assertThat(text(database, "SELECT 1")).isEqualTo("1");
        }
    }

    @Test
    void aDatabaseThatIsGoneFailsWithinTheAcquireTimeoutAndIsUsedAgainWhenBack() {
        var fronted = TcpProxy.inFrontOf(TestPostgres.newDatabase());
        try (TcpProxy proxy = fronted.proxy(); Database database = Database.open(fronted.config(), "demo", null)) {
            assertThat(database.isReachable()).isTrue();
            proxy.cut();
            long started = System.nanoTime();
            Throwable error = catchThrowable(() -> database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(DatabaseErrors.isUnavailable(error)).as("%s", error).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(database.isReachable()).isFalse();
            proxy.restore();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!database.isReachable() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(text(database, "SELECT 1")).isEqualTo("1");
        }
    }

    private static String text(Database database, String sql) {
        return database.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }
}
