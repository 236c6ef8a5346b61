package dev.portalsuite.shared.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL of one service's {@code audit_events} table, built once from its {@link AuditSchema} (column names come
 * from the service's code, never from input). Newest first; events of the same instant in reverse insertion order.
 */
final class AuditTable<E extends Record> {
    static final String ORDER = "ORDER BY occurred_at DESC, seq DESC";

    private final AuditSchema<E> schema;
    private final String insert;
    private final String select;
    private final String count;

    AuditTable(AuditSchema<E> schema) {
        this.schema = schema;
        List<AuditSchema.Column> columns = schema.columns();
        this.insert = "INSERT INTO audit_events (id, occurred_at, action, "
                + columns.stream().map(AuditSchema.Column::name).collect(Collectors.joining(", "))
                + ", ip, request_id, details) VALUES (:id, :occurredAt, :action, "
                + columns.stream().map(c -> ":entry_" + c.field()).collect(Collectors.joining(", "))
                + ", :ip, :requestId, CAST(:details AS jsonb))";
        StringBuilder where = new StringBuilder(" WHERE (CAST(:action AS text) IS NULL OR action = :action)");
        for (AuditSchema.Column filter : schema.filters()) {
            where.append(" AND (CAST(:filter_").append(filter.field()).append(" AS ").append(filter.sqlType())
                    .append(") IS NULL OR ").append(filter.name()).append(" = :filter_").append(filter.field()).append(')');
        }
        where.append(" AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)")
                .append(" AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)");
        this.select = "SELECT id, occurred_at, action, "
                + columns.stream().map(AuditSchema.Column::name).collect(Collectors.joining(", "))
                + ", ip, request_id, details::text AS details FROM audit_events" + where + " " + ORDER
                + " LIMIT :limit OFFSET :offset";
        this.count = "SELECT count(*) FROM audit_events" + where;
    }

    void insert(Handle handle, UUID id, Instant occurredAt, String action, E entry, String ip, String requestId,
                String details) {
        var update = handle.createUpdate(insert)
                .bind("id", id)
                .bind("occurredAt", occurredAt)
                .bind("action", action)
                .bind("ip", ip)
                .bind("requestId", requestId)
                .bind("details", details);
        for (AuditSchema.Column column : schema.columns()) {
            update.bindByType("entry_" + column.field(), schema.valueOf(column, entry), column.type());
        }
        update.execute();
    }

    /** One row: the event with its details still as stored JSON text. */
    record Row<E extends Record>(UUID id, Instant occurredAt, String action, E entry, String ip, String requestId,
                                 String details) {
    }

    List<Row<E>> find(Handle handle, AuditFilter filter, int limit, int offset) {
        return bindFilter(handle.createQuery(select), filter)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> row(rs))
                .list();
    }

    long count(Handle handle, AuditFilter filter) {
        return bindFilter(handle.createQuery(count), filter).mapTo(Long.class).one();
    }

    private <S extends SqlStatement<S>> S bindFilter(S statement, AuditFilter filter) {
        Map<String, ?> values = filter.entry();
        for (String field : values.keySet()) {
            if (schema.filters().stream().noneMatch(c -> c.field().equals(field))) {
                throw new IllegalArgumentException("the audit log does not filter on " + field);
            }
        }
        statement.bindByType("action", filter.action(), String.class)
                .bindByType("from", filter.from(), Instant.class)
                .bindByType("to", filter.to(), Instant.class);
        for (AuditSchema.Column column : schema.filters()) {
            statement.bindByType("filter_" + column.field(), values.get(column.field()), column.type());
        }
        return statement;
    }

    private Row<E> row(ResultSet rs) throws SQLException {
        List<AuditSchema.Column> columns = schema.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            AuditSchema.Column column = columns.get(i);
            values[i] = column.type() == UUID.class ? rs.getObject(column.name(), UUID.class)
                    : rs.getString(column.name());
        }
        return new Row<>(rs.getObject("id", UUID.class), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("action"), schema.newEntry(values), rs.getString("ip"), rs.getString("request_id"),
                rs.getString("details"));
    }
}
