package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalsuite.shared.testing.TestPostgres;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DAOs attached through {@link LazySqlObjects} (every {@link Database}'s Jdbi) behave as Jdbi's own: SQL with
 * bindings and registered mappers, default methods, {@link SqlObject} access to the handle, {@code @Transaction}
 * (rolled back on failure), and the {@code Object} methods of the proxy.
 */
class LazySqlObjectsIT {
    private static Database database;

    public record Item(int id, String name) {
    }

    @RegisterConstructorMapper(Item.class)
    public interface ItemDao extends SqlObject {
        @SqlUpdate("INSERT INTO items (id, name) VALUES (:id, :name)")
        int insert(@Bind("id") int id, @Bind("name") String name);

        @SqlQuery("SELECT id, name FROM items WHERE id = :id")
        Optional<Item> find(@Bind("id") int id);

        @SqlQuery("SELECT id, name FROM items ORDER BY id")
        List<Item> all();

        @SqlQuery("SELECT count(*) FROM items")
        long count();

        default String nameOf(int id) {
            return find(id).map(Item::name).orElse("none");
        }

        /** Inserts both or neither. */
        @Transaction
        default void insertBoth(int first, int second) {
            insert(first, "first");
            insert(second, "second");
        }
    }

    /** A DAO that hands out another (not used by the services; it must still work on the caller's handle). */
    public interface ParentDao {
        @org.jdbi.v3.sqlobject.CreateSqlObject
        ItemDao items();
    }

    @BeforeAll
    static void open() {
        database = Database.open(TestPostgres.newDatabase(), "lazy", null);
        database.jdbi().useHandle(h -> h.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)"));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static <T> T with(java.util.function.Function<ItemDao, T> call) {
        return database.jdbi().withExtension(ItemDao.class, call::apply);
    }

    @Test
    void queriesUpdatesMappersAndDefaultMethodsWorkAsWithJdbisOwnProxy() {
        Jdbi jdbi = database.jdbi();
        int inserted = with(dao -> dao.insert(1, "one"));
        assertThat(inserted).isEqualTo(1);
        Optional<Item> found = with(dao -> dao.find(1));
        assertThat(found).contains(new Item(1, "one"));
        String name = with(dao -> dao.nameOf(1));
        assertThat(name).isEqualTo("one");
        String none = with(dao -> dao.nameOf(99));
        assertThat(none).isEqualTo("none");
        ItemDao onDemand = jdbi.onDemand(ItemDao.class);
        assertThat(onDemand.all()).extracting(Item::name).contains("one");
        try (Handle handle = jdbi.open()) {
            ItemDao attached = handle.attach(ItemDao.class);
            assertThat(attached.getHandle()).isSameAs(handle);
            assertThat(attached.find(1)).contains(new Item(1, "one"));
            assertThat(attached.find(1)).as("a second call of the same method").contains(new Item(1, "one"));
            assertThat(attached).isEqualTo(attached).isNotEqualTo(handle.attach(ItemDao.class));
            assertThat(attached.hashCode()).isEqualTo(System.identityHashCode(attached));
            assertThat(attached.toString()).startsWith("Jdbi extension proxy for " + ItemDao.class.getName());
        }
    }

    @Test
    void aTransactionalDefaultMethodRollsBackAsAWhole() {
        Jdbi jdbi = database.jdbi();
        jdbi.useExtension(ItemDao.class, dao -> dao.insert(10, "taken"));
        long before = jdbi.withExtension(ItemDao.class, ItemDao::count);
        Throwable error = catchThrowable(() -> jdbi.useExtension(ItemDao.class, dao -> dao.insertBoth(11, 10)));
        assertThat(error).isNotNull();
        long after = with(ItemDao::count);
        assertThat(after).isEqualTo(before);
        Optional<Item> eleven = with(dao -> dao.find(11));
        assertThat(eleven).isEmpty();
        jdbi.useExtension(ItemDao.class, dao -> dao.insertBoth(11, 12));
        long both = with(ItemDao::count);
        assertThat(both).isEqualTo(before + 2);
    }

    /**
     * SQL methods of DAOs attached to the Jdbi share one prepared handler per method: each call must still run on
     * the handle of the instance it was made on, also when calls nest and when threads call at the same time.
     */
    @Test
    void sharedHandlersRunOnTheHandleOfTheInstanceCalled() throws Exception {
        Jdbi jdbi = database.jdbi();
        try (Database other = Database.open(TestPostgres.newDatabase(), "lazy_other", null)) {
            // a call into another Jdbi from inside a call (within one Jdbi, nested calls share the handle by design)
            jdbi.useExtension(ItemDao.class, outer -> {
                Handle outerHandle = outer.getHandle();
                Handle innerHandle = other.jdbi().withExtension(ItemDao.class, inner -> {
                    assertThat(inner.getHandle()).isNotSameAs(outerHandle);
                    return inner.getHandle();
                });
                assertThat(innerHandle.getJdbi()).isSameAs(other.jdbi());
                assertThat(outer.getHandle()).as("the outer instance after the inner call").isSameAs(outerHandle);
            });
        }

        int threads = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Long>> seen = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = 1_000 + t;
                seen.add(pool.submit(() -> {
                    start.await();
                    return jdbi.withExtension(ItemDao.class, dao -> {
                        // uncommitted rows are seen on their own connection only: a call that ran on another
                        // thread's handle would count differently or leave a row behind
                        dao.getHandle().begin();
                        long counted = 0;
                        for (int i = 0; i < 20; i++) {
                            dao.insert(id * 100 + i, "t" + id);
                            counted = dao.count();
                        }
                        dao.getHandle().rollback();
                        return counted;
                    });
                }));
            }
            long committed = with(ItemDao::count);
            start.countDown();
            for (var result : seen) {
                assertThat(result.get()).isEqualTo(committed + 20);
            }
            assertThat(with(ItemDao::count)).isEqualTo(committed);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDaoCreatedByAnotherWorksOnItsHandle() {
        Jdbi jdbi = database.jdbi();
        jdbi.useExtension(ItemDao.class, dao -> dao.insert(500, "child"));
        Optional<Item> viaChild = jdbi.withExtension(ParentDao.class, parent -> parent.items().find(500));
        assertThat(viaChild).contains(new Item(500, "child"));
        ItemDao child = jdbi.onDemand(ParentDao.class).items();
        assertThat(child.find(500)).as("a child of an on-demand DAO, called later").contains(new Item(500, "child"));
    }

    @Test
    void theFactoryIsTheOneThatAttaches() {
        try (Handle handle = database.jdbi().open()) {
            ItemDao dao = handle.attach(ItemDao.class);
            assertThat(java.lang.reflect.Proxy.getInvocationHandler(dao).getClass().getName())
                    .startsWith(LazySqlObjects.class.getName());
        }
    }

    /** Not a SqlObject: no SQL method, does not extend {@link SqlObject}. */
    public interface NotADao {
        int answer();
    }

    @Test
    void whetherATypeIsADaoIsAnsweredTheSameEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThat(database.jdbi().withExtension(ItemDao.class, ItemDao::count)).isNotNegative();
            assertThat(catchThrowable(() -> database.jdbi().withExtension(NotADao.class, NotADao::answer)))
                    .as("attempt %d", i).isInstanceOf(org.jdbi.v3.core.extension.NoSuchExtensionException.class);
        }
        assertThat(catchThrowable(() -> database.jdbi().onDemand(NotADao.class)))
                .isInstanceOf(org.jdbi.v3.core.extension.NoSuchExtensionException.class);
    }
}
