package dev.portalsuite.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.portalsuite.shared.testing.TestPostgres;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.UnableToCreateStatementException;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arguments bound through {@link RememberedArguments} (every {@link Database}'s Jdbi) reach PostgreSQL as they do
 * with Jdbi's own look-up, the first time and every later time, nulls included; a factory a statement registers for
 * itself still wins, and a type nothing can bind is refused every time.
 */
class RememberedArgumentsIT {
    private static Database database;

    public enum Colour { RED, GREEN }

    public interface EchoDao {
        @SqlQuery("SELECT CAST(:id AS text) || '|' || :name || '|' || array_to_string(CAST(:tags AS text[]), ',') || '|'"
                + " || array_length(CAST(:ids AS uuid[]), 1) || '|' || CAST(extract(epoch FROM CAST(:at AS timestamptz)) AS bigint)"
                + " || '|' || :flag || '|'"
                + " || :count || '|' || coalesce(CAST(:missing AS text), 'null') || '|' || length(:bytes) || '|' || :colour")
        String echo(@Bind("id") UUID id, @Bind("name") String name, @Bind("tags") String[] tags, @Bind("ids") UUID[] ids,
                    @Bind("at") Instant at, @Bind("flag") boolean flag, @Bind("count") int count,
                    @Bind("missing") Integer missing, @Bind("bytes") byte[] bytes, @Bind("colour") Colour colour);

        @SqlQuery("SELECT CAST(:value AS text)")
        Optional<String> text(@Bind("value") Object value);
    }

    @BeforeAll
    static void open() {
        database = Database.open(TestPostgres.newDatabase(), "arguments", null);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void valuesOfEveryTypeArriveAsBoundTheFirstTimeAndLater() {
        Jdbi jdbi = database.jdbi();
        assertThat(jdbi.getConfig(org.jdbi.v3.core.argument.Arguments.class).getFactories().get(0))
                .as("the first factory asked").isInstanceOf(RememberedArguments.class);
        UUID id = UUID.fromString("00000000-0000-0000-0000-00000000002a");
        for (int round = 0; round < 3; round++) {
            String echoed = jdbi.withExtension(EchoDao.class, dao -> dao.echo(id, "ann", new String[] {"a", "b"},
                    new UUID[] {id, id, id}, Instant.parse("2026-01-02T03:04:05Z"), true, 7, null,
                    new byte[] {1, 2, 3}, Colour.GREEN));
            assertThat(echoed).isEqualTo("00000000-0000-0000-0000-00000000002a|ann|a,b|3|1767323045|true|7"
                    + "|null|3|GREEN");
            String nulls = jdbi.withHandle(h -> h.createQuery("SELECT coalesce(CAST(:a AS text), 'none') || coalesce(CAST(:b AS text), 'none')")
                    .bindByType("a", null, UUID.class).bindByType("b", null, String[].class).mapTo(String.class).one());
            assertThat(nulls).isEqualTo("nonenone");
        }
    }

    @Test
    void aFactoryAStatementRegistersStillWins() {
        Jdbi jdbi = database.jdbi();
        String plain = jdbi.withHandle(h -> h.createQuery("SELECT :v").bind("v", "plain").mapTo(String.class).one());
        assertThat(plain).isEqualTo("plain");
        String shouted = jdbi.withHandle(h -> h.createQuery("SELECT :v").registerArgument(new Shouting()).bind("v", "plain")
                .mapTo(String.class).one());
        assertThat(shouted).isEqualTo("PLAIN");
        String after = jdbi.withHandle(h -> h.createQuery("SELECT :v").bind("v", "plain").mapTo(String.class).one());
        assertThat(after).as("other statements are not affected").isEqualTo("plain");
    }

    @Test
    void aTypeNothingBindsIsRefusedEveryTime() {
        Jdbi jdbi = database.jdbi();
        for (int round = 0; round < 2; round++) {
            Throwable error = catchThrowable(() -> jdbi.withExtension(EchoDao.class, dao -> dao.text(new Object() { })));
            assertThat(error).isInstanceOf(UnableToCreateStatementException.class).hasMessageContaining("No argument factory");
        }
        Optional<String> bound = jdbi.withExtension(EchoDao.class, dao -> dao.text(42));
        assertThat(bound).contains("42");
    }

    /** A value type with a factory of its own that counts how often it is asked to prepare. */
    public record Cents(long value) {
    }

    private static final class CentsFactory implements org.jdbi.v3.core.argument.ArgumentFactory.Preparable {
        final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Optional<java.util.function.Function<Object, Argument>> prepare(java.lang.reflect.Type type, ConfigRegistry config) {
            if (type != Cents.class) {
                return Optional.empty();
            }
            asked.incrementAndGet();
            return Optional.of(value -> (position, statement, ctx) -> statement.setLong(position, ((Cents) value).value()));
        }
    }

    @Test
    void eachTypeIsPreparedOnceForTheJdbiNotOncePerStatement() {
        var config = TestPostgres.newDatabase();
        Jdbi plain = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
        CentsFactory cents = new CentsFactory();
        plain.registerArgument(cents);
        RememberedArguments.install(plain);
        for (long value = 1; value <= 5; value++) {
            long bound = value;
            long echoed = plain.withHandle(h -> h.createQuery("SELECT CAST(:c AS bigint) * 2").bind("c", new Cents(bound))
                    .mapTo(Long.class).one());
            assertThat(echoed).isEqualTo(2 * value);
        }
        assertThat(cents.asked).as("prepared once, for the first statement").hasValue(1);
    }

    private static final class Shouting extends AbstractArgumentFactory<String> {
        Shouting() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(String value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setString(position, value.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
