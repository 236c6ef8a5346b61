package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalsuite.shared.testing.TestPostgres;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link RegisterRecordMapper} maps rows as Jdbi's constructor mapper does, and the mapping it remembers is the one
 * of each column list: the same record read through statements with other columns, in another order or missing a
 * column is mapped (or refused) as if it were the first statement.
 */
class RecordMapperIT {
    private static Database database;

    public record Item(int id, String name, String[] tags, Instant createdAt) {
    }

    public record Label(String name) {
    }

    @RegisterRecordMapper(Item.class)
    @RegisterRecordMapper(Label.class)
    public interface ItemDao {
        @SqlQuery("SELECT id, name, tags, created_at FROM items WHERE id = :id")
        Optional<Item> find(@Bind("id") int id);

        @SqlQuery("SELECT created_at, tags, name, id FROM items ORDER BY id")
        List<Item> allColumnsReversed();

        @SqlQuery("SELECT id, upper(name) AS name, ARRAY['x'] AS tags, created_at, 42 AS extra FROM items ORDER BY id")
        List<Item> withComputedAndExtraColumns();

        @SqlQuery("SELECT id, name FROM items ORDER BY id")
        List<Item> missingColumns();

        @SqlQuery("SELECT name FROM items ORDER BY id")
        List<Label> labels();
    }

    public interface MethodLevelDao {
        @SqlQuery("SELECT name FROM items WHERE id = :id")
        @RegisterRecordMapper(Label.class)
        Optional<Label> label(@Bind("id") int id);
    }

    @BeforeAll
    static void open() {
        database = Database.open(TestPostgres.newDatabase(), "records", null);
        database.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, tags text[] NOT NULL,"
                    + " created_at timestamptz NOT NULL)");
            h.execute("INSERT INTO items VALUES (1, 'one', ARRAY['a', 'b'], '2026-01-02T03:04:05Z'),"
                    + " (2, 'two', ARRAY[]::text[], '2026-02-03T04:05:06Z')");
        });
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void eachColumnListIsMappedByNameWhateverCameBefore() {
        Jdbi jdbi = database.jdbi();
        for (int round = 0; round < 2; round++) { // the second round uses what the first one remembered
            Item one = jdbi.withExtension(ItemDao.class, dao -> dao.find(1)).orElseThrow();
            assertThat(one.id()).isEqualTo(1);
            assertThat(one.name()).isEqualTo("one");
            assertThat(one.tags()).containsExactly("a", "b");
            assertThat(one.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));

            List<Item> reversed = jdbi.withExtension(ItemDao.class, ItemDao::allColumnsReversed);
            assertThat(reversed).extracting(Item::id).containsExactly(1, 2);
            assertThat(reversed).extracting(Item::name).containsExactly("one", "two");
            assertThat(reversed.get(1).tags()).isEmpty();
            assertThat(reversed.get(1).createdAt()).isEqualTo(Instant.parse("2026-02-03T04:05:06Z"));

            List<Item> computed = jdbi.withExtension(ItemDao.class, ItemDao::withComputedAndExtraColumns);
            assertThat(computed).extracting(Item::name).containsExactly("ONE", "TWO");
            assertThat(computed.get(0).tags()).containsExactly("x");

            assertThat(jdbi.withExtension(ItemDao.class, ItemDao::labels)).extracting(Label::name).containsExactly("one", "two");
            Optional<Label> label = jdbi.withExtension(MethodLevelDao.class, dao -> dao.label(2));
            assertThat(label).contains(new Label("two"));
        }
    }

    @Test
    void aColumnListThatCannotFillTheRecordIsRefusedEveryTime() {
        Jdbi jdbi = database.jdbi();
        for (int round = 0; round < 2; round++) {
            Throwable error = catchThrowable(() -> jdbi.withExtension(ItemDao.class, ItemDao::missingColumns));
            assertThat(error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tags");
        }
        Optional<Item> two = jdbi.withExtension(ItemDao.class, dao -> dao.find(2));
        assertThat(two).map(Item::name).contains("two");
    }
}
