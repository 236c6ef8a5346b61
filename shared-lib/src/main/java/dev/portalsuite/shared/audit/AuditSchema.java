package dev.portalsuite.shared.audit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a service puts into its {@code audit_events} table besides the columns every audit table has
 * ({@code id, seq, occurred_at, action, ip, request_id, details}): its action codes, and its entry record, whose
 * components are the service's own columns (camelCase component = snake_case column; {@code UUID} or
 * {@code String}). The entry must name the actor {@code actorId}; some of its components may be list filters.
 */
public final class AuditSchema<E extends Record> {
    static final String ACTOR = "actorId";
    private static final Set<String> SHARED = Set.of("id", "seq", "occurredAt", "action", "ip", "requestId",
            "details", "from", "to", "limit", "offset");

    /** One column of the entry record. */
    record Column(String field, String name, Class<?> type, Method accessor) {
        String sqlType() {
            return type == UUID.class ? "uuid" : "text";
        }
    }

    private final Class<E> entryType;
    private final Constructor<E> constructor;
    private final List<Column> columns;
    private final List<Column> filters;
    private final Set<String> actionCodes;

    private AuditSchema(Class<E> entryType, Set<String> actionCodes, List<String> filterFields) {
        this.entryType = entryType;
        this.actionCodes = actionCodes;
        RecordComponent[] components = entryType.getRecordComponents();
        this.columns = Arrays.stream(components).map(AuditSchema::column).toList();
        if (columns.stream().noneMatch(c -> c.field().equals(ACTOR))) {
            throw new IllegalArgumentException(entryType.getSimpleName() + " must name its actor " + ACTOR);
        }
        this.filters = filterFields.stream()
                .map(field -> columns.stream().filter(c -> c.field().equals(field)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no column " + field + " to filter on")))
                .toList();
        try {
            this.constructor = entryType.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(entryType + " has no canonical constructor", e);
        }
        constructor.trySetAccessible();
    }

    /**
     * @param entryType the service's entry record (its own columns, the actor among them)
     * @param actions every action the service records: exactly the codes the list's {@code action} filter accepts
     * @param filterFields the entry components the list endpoint filters on, as query parameters of the same name
     */
    public static <E extends Record> AuditSchema<E> of(Class<E> entryType, AuditAction[] actions,
                                                       String... filterFields) {
        Set<String> codes = Arrays.stream(actions).map(AuditAction::code).collect(Collectors.toUnmodifiableSet());
        return new AuditSchema<>(entryType, codes, List.of(filterFields));
    }

    private static Column column(RecordComponent component) {
        String field = component.getName();
        if (SHARED.contains(field)) {
            throw new IllegalArgumentException(field + " is a column or parameter every audit log has");
        }
        if (component.getType() != UUID.class && component.getType() != String.class) {
            throw new IllegalArgumentException(field + " must be a UUID or a String");
        }
        String name = field.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
        Method accessor = component.getAccessor();
        accessor.trySetAccessible();
        return new Column(field, name, component.getType(), accessor);
    }

    public Set<String> actionCodes() {
        return actionCodes;
    }

    Class<E> entryType() {
        return entryType;
    }

    List<Column> columns() {
        return columns;
    }

    List<Column> filters() {
        return filters;
    }

    Object valueOf(Column column, E entry) {
        try {
            return column.accessor().invoke(entry);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + column.field() + " of " + entry, e);
        }
    }

    E newEntry(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + entryType.getSimpleName(), e);
        }
    }
}
