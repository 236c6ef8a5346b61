package dev.portalsuite.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.testing.TestClock;
import dev.portalsuite.shared.testing.TestPostgres;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * The shared audit log on a real table: an existing table migrates to the shared shape keeping its rows, the
 * shape is append-only, and the log writes, filters, orders and pages the same way for every service.
 */
class AuditLogIT {
    private static final Instant T0 = Instant.parse("2026-11-22T10:15:30Z");
    private static final ObjectMapper JSON = Json.newObjectMapper();

    /** A service's own columns: what the event is about, who acted, and a text column. */
    public record TestEntry(UUID subjectId, String actorId, String note) {
    }

    enum TestAction implements AuditAction { THING_CREATED, THING_CHANGED, THING_NEVER }

    private static final AuditSchema<TestEntry> SCHEMA = AuditSchema.of(TestEntry.class,
            new AuditAction[] {TestAction.THING_CREATED, TestAction.THING_CHANGED}, "subjectId", "note");

    private static final Caller CALLER = new Caller(null, "203.0.113.9", "test-agent", "req-1");

    @Test
    void anExistingTableMigratesToTheSharedShapeKeepingItsRows() {
        DatabaseConfig config = TestPostgres.newDatabase();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .schemas("audittest").defaultSchema("audittest").createSchemas(true)
                .table("flyway_schema_history").locations("classpath:db/migration/audittest").target("1")
                .load().migrate();
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Jdbi before = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
        before.useHandle(h -> {
            for (UUID id : ids) {
                h.createUpdate("INSERT INTO audittest.audit_events (id, occurred_at, action, actor_id) "
                        + "VALUES (:id, :at, 'thing.created', 'old')").bind("id", id).bind("at", T0).execute();
            }
        });

        try (Database database = Database.open(config, "audittest", null)) {
            Jdbi jdbi = database.jdbi();
            List<UUID> bySeq = jdbi.withHandle(h -> h.createQuery("SELECT id FROM audit_events ORDER BY seq")
                    .mapTo(UUID.class).list());
            assertThat(bySeq).as("existing rows keep their insertion order as seq").isEqualTo(ids);
            String index = jdbi.withHandle(h -> h.createQuery(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_events_time_idx'").mapTo(String.class).one());
            assertThat(index).contains("occurred_at DESC", "seq DESC");
            assertAppendOnly(jdbi);

            AuditLog<TestEntry> log = new AuditLog<>(jdbi, JSON, Clock.fixed(T0, ZoneOffset.UTC), SCHEMA);
            log.record(TestAction.THING_CHANGED, new TestEntry(null, "new", null), CALLER, Map.of());
            assertThat(log.find(AuditFilter.none(), new Pagination(10, 0)).items())
                    .extracting(AuditEvent::id).as("same instant: the last recorded first")
                    .containsExactly(lastId(jdbi), ids.get(2), ids.get(1), ids.get(0));
        }
    }

    @Test
    void writesFiltersOrdersAndPages() throws Exception {
        try (Database database = Database.open(TestPostgres.newDatabase(), "audittest", null)) {
            Jdbi jdbi = database.jdbi();
            TestClock clock = new TestClock(T0);
            AuditLog<TestEntry> log = new AuditLog<>(jdbi, JSON, clock, SCHEMA);
            UUID a = UUID.randomUUID();
            UUID b = UUID.randomUUID();
            log.record(TestAction.THING_CREATED, new TestEntry(a, "alice", "first"), CALLER, Map.of("n", 1));
            log.record(TestAction.THING_CHANGED, new TestEntry(a, "alice", null), CALLER, Map.of("n", 2));
            clock.set(T0.plusSeconds(60));
            jdbi.useTransaction(handle -> {
                log.record(handle, TestAction.THING_CREATED, new TestEntry(b, "bob", "second"), Caller.system(), null);
                log.record(handle, TestAction.THING_CHANGED, new TestEntry(b, "bob", "second"), Caller.system(), Map.of());
            });
            // inside a transaction that rolls back, the event goes with the change
            assertThatThrownBy(() -> jdbi.useTransaction(handle -> {
                log.record(handle, TestAction.THING_CREATED, new TestEntry(b, "bob", "rolled back"), CALLER, Map.of());
                throw new IllegalStateException("the change fails");
            })).hasMessage("the change fails");

            Page<AuditEvent<TestEntry>> all = log.find(AuditFilter.none(), new Pagination(50, 0));
            assertThat(all.total()).isEqualTo(4);
            assertThat(all.items()).extracting(e -> e.action() + " " + e.entry().actorId())
                    .containsExactly("thing.changed bob", "thing.created bob", "thing.changed alice",
                            "thing.created alice");

            AuditEvent<TestEntry> first = all.items().get(3);
            assertThat(first.entry()).isEqualTo(new TestEntry(a, "alice", "first"));
            assertThat(first.occurredAt()).isEqualTo(T0);
            assertThat(first.ip()).isEqualTo("203.0.113.9");
            assertThat(first.requestId()).isEqualTo("req-1");
            assertThat(first.details().get("n").asInt()).isEqualTo(1);
            assertThat(all.items().get(1).details().isEmpty()).as("no details are stored as {}").isTrue();
            assertThat(all.items().get(1).ip()).isNull();

            assertThat(log.find(filter(Map.of("subjectId", a), null, null, null), page()).total()).isEqualTo(2);
            assertThat(log.find(filter(Map.of("note", "second"), null, null, null), page()).total()).isEqualTo(2);
            assertThat(log.find(filter(Map.of("subjectId", b), "thing.created", null, null), page()).items())
                    .extracting(e -> e.entry().note()).containsExactly("second");
            assertThat(log.find(filter(Map.of(), null, T0.plusSeconds(60), null), page()).total())
                    .as("from is inclusive").isEqualTo(2);
            assertThat(log.find(filter(Map.of(), null, null, T0.plusSeconds(60)), page()).total())
                    .as("to is exclusive").isEqualTo(2);
            Map<String, Object> nullValue = new HashMap<>();
            nullValue.put("subjectId", null);
            assertThat(log.find(filter(nullValue, null, null, null), page()).total()).as("null does not filter")
                    .isEqualTo(4);

            List<UUID> paged = new ArrayList<>();
            log.find(AuditFilter.none(), new Pagination(3, 0)).items().forEach(e -> paged.add(e.id()));
            Page<AuditEvent<TestEntry>> rest = log.find(AuditFilter.none(), new Pagination(3, 3));
            rest.items().forEach(e -> paged.add(e.id()));
            assertThat(rest.total()).isEqualTo(4);
            assertThat(paged).isEqualTo(all.items().stream().map(AuditEvent::id).toList());

            assertThatThrownBy(() -> log.record(TestAction.THING_NEVER, new TestEntry(a, "x", null), CALLER, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> log.find(filter(Map.of("actorId", "x"), null, null, null), page()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertAppendOnly(jdbi);

            JsonNode json = JSON.readTree(JSON.writeValueAsString(first));
            List<String> fields = new ArrayList<>();
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                fields.add(names.next());
            }
            assertThat(fields).as("the entry's columns inline, in their order")
                    .containsExactly("id", "occurredAt", "action", "subjectId", "actorId", "note", "ip", "requestId",
                            "details");
            assertThat(json.get("occurredAt").asText()).isEqualTo("2026-11-22T10:15:30Z");
        }
    }

    @Test
    void aSchemaNamesItsActorAndUsesOnlyUuidAndTextColumns() {
        record NoActor(UUID subjectId) {
        }
        record Numbered(String actorId, int count) {
        }
        record Clashing(String actorId, String details) {
        }
        AuditAction[] none = new AuditAction[0];
        assertThatThrownBy(() -> AuditSchema.of(NoActor.class, none)).hasMessageContaining("actorId");
        assertThatThrownBy(() -> AuditSchema.of(Numbered.class, none)).hasMessageContaining("count");
        assertThatThrownBy(() -> AuditSchema.of(Clashing.class, none)).hasMessageContaining("details");
        assertThatThrownBy(() -> AuditSchema.of(TestEntry.class, none, "missing")).hasMessageContaining("missing");
        assertThat(SCHEMA.actionCodes()).containsExactlyInAnyOrder("thing.created", "thing.changed");
    }

    private static void assertAppendOnly(Jdbi jdbi) {
        for (String sql : List.of("UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events",
                "TRUNCATE audit_events")) {
            assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute(sql))).as(sql).hasMessageContaining("append-only");
        }
    }

    private static UUID lastId(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM audit_events ORDER BY seq DESC LIMIT 1")
                .mapTo(UUID.class).one());
    }

    private static AuditFilter filter(Map<String, ?> entry, String action, Instant from, Instant to) {
        return new AuditFilter(entry, action, from, to);
    }

    private static Pagination page() {
        return new Pagination(50, 0);
    }
}
