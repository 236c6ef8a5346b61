package dev.portalsuite.portal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** V5: a run that is RUNNING during the upgrade keeps what it has seen, now one row per batch. */
class SeenStagingMigrationIT {
    private static final String MSSP = "00000000-0000-0000-0000-0000000000a1";
    private static final String RUN_A = "00000000-0000-0000-0000-0000000000b1";
    private static final String RUN_B = "00000000-0000-0000-0000-0000000000b2";

    @Test
    void theSeenIdsOfARunningRunSurviveTheUpgrade() {
        DatabaseConfig config = TestPostgres.newDatabase();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .schemas("portal").defaultSchema("portal").createSchemas(true)
                .table("flyway_schema_history").locations("classpath:db/migration/portal").target("4")
                .load().migrate();
        Jdbi before = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
        before.useHandle(h -> h.execute("""
                SET search_path TO portal;
                INSERT INTO orgs (id, type, name, mssp_id, created_at, updated_at)
                VALUES ('%1$s', 'MSSP', 'Upgrade MSSP', '%1$s', now(), now());
                INSERT INTO sync_runs (id, source, mssp_org_id, status, started_by, started_at, last_activity_at)
                VALUES ('%2$s', 'upgrade-a', '%1$s', 'RUNNING', 'svc', now(), now()),
                       ('%3$s', 'upgrade-b', '%1$s', 'RUNNING', 'svc', now(), now());
                INSERT INTO sync_run_seen (run_id, external_id, accepted)
                VALUES ('%2$s', 'x2', false), ('%2$s', 'x1', true), ('%2$s', 'x3', true), ('%3$s', 'y1', false);
                """.formatted(MSSP, RUN_A, RUN_B)));

        try (Database database = Database.open(config, "portal", null)) {
            List<Map<String, Object>> rows = database.jdbi().withHandle(h -> h.createQuery("""
                    SELECT run_id::text AS run, array_to_string(received, ',') AS received,
                           array_to_string(accepted, ',') AS accepted
                    FROM sync_run_seen_batches ORDER BY run_id
                    """).mapToMap().list());
            assertThat(rows).containsExactly(
                    Map.of("run", RUN_A, "received", "x1,x2,x3", "accepted", "x1,x3"),
                    Map.of("run", RUN_B, "received", "y1", "accepted", ""));
            boolean gone = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT to_regclass('portal.sync_run_seen') IS NULL").mapTo(Boolean.class).one());
            assertThat(gone).as("the per-id table is gone").isTrue();
        }
    }
}
