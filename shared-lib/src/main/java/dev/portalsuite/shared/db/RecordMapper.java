package dev.portalsuite.shared.db;

import java.lang.annotation.Annotation;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.extension.SimpleExtensionConfigurer;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMapperFactory;
import org.jdbi.v3.core.mapper.RowMappers;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Jdbi's {@link ConstructorMapper}, with its work per result set done once per column list.
 *
 * <p>Why: before the first row, a constructor mapper matches the constructor's parameters to the result's columns,
 * reads each parameter's annotations by reflection and looks up a column mapper per parameter, and Jdbi does it for
 * every statement (the lookups' caches live in the statement's own copy of the configuration). For the 13 columns
 * of a user that was 10 % of the CPU of {@code GET /api/auth/me} under load (issue 14). The outcome depends only on
 * the record type and the columns' labels, so it is kept per (type, labels) for the life of the process: the SQL of
 * the DAOs is fixed, so the map holds one entry per statement shape. Like {@link LazySqlObjects}, this relies on the
 * column mappers being the same for every statement of a service (they are: {@link Database} registers them all
 * when it opens, and no DAO registers its own).
 */
final class RecordMapper<T> implements RowMapper<T> {
    private static final Map<Shape, RowMapper<?>> SPECIALIZED = new ConcurrentHashMap<>();

    private record Shape(Class<?> type, List<String> labels) {
    }

    private final Class<T> type;
    private final RowMapper<T> constructorMapper;

    private RecordMapper(Class<T> type) {
        this.type = type;
        this.constructorMapper = ConstructorMapper.of(type);
    }

    static RowMapperFactory factory(Class<?> type) {
        return RowMapperFactory.of(type, new RecordMapper<>(type));
    }

    @Override
    public T map(ResultSet rs, StatementContext ctx) throws SQLException {
        return specialize(rs, ctx).map(rs, ctx);
    }

    @Override
    @SuppressWarnings("unchecked")
    public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) throws SQLException {
        Shape shape = new Shape(type, labels(rs.getMetaData()));
        RowMapper<?> specialized = SPECIALIZED.get(shape);
        if (specialized == null) {
            specialized = constructorMapper.specialize(rs, ctx);
            SPECIALIZED.putIfAbsent(shape, specialized);
        }
        return (RowMapper<T>) specialized;
    }

    private static List<String> labels(ResultSetMetaData metaData) throws SQLException {
        String[] labels = new String[metaData.getColumnCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = metaData.getColumnLabel(i + 1);
        }
        return Arrays.asList(labels);
    }

    /** Registers the mapper of a {@link RegisterRecordMapper} (Jdbi creates it once per annotated DAO type). */
    public static final class Registration extends SimpleExtensionConfigurer {
        private final RowMapperFactory factory;

        public Registration(Annotation annotation) {
            this.factory = factory(((RegisterRecordMapper) annotation).value());
        }

        @Override
        public void configure(ConfigRegistry config, Annotation annotation, Class<?> sqlObjectType) {
            config.get(RowMappers.class).register(factory);
        }
    }

    /** Registers the mappers of a {@link RegisterRecordMappers}. */
    public static final class Registrations extends SimpleExtensionConfigurer {
        private final List<RowMapperFactory> factories;

        public Registrations(Annotation annotation) {
            this.factories = Arrays.stream(((RegisterRecordMappers) annotation).value())
                    .map(mapper -> factory(mapper.value())).toList();
        }

        @Override
        public void configure(ConfigRegistry config, Annotation annotation, Class<?> sqlObjectType) {
            RowMappers mappers = config.get(RowMappers.class);
            factories.forEach(mappers::register);
        }
    }
}
