package dev.portalsuite.shared.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes and reads a service's append-only audit log ({@code audit_events} in the service's schema). The service
 * supplies its {@link AuditSchema}; the request's ip and request id come from the {@link Caller}.
 */
public final class AuditLog<E extends Record> {
    private final Jdbi jdbi;
    private final AuditDetails detailsCodec;
    private final Clock clock;
    private final AuditSchema<E> schema;
    private final AuditTable<E> table;

    public AuditLog(Jdbi jdbi, ObjectMapper mapper, Clock clock, AuditSchema<E> schema) {
        this.jdbi = jdbi;
        this.detailsCodec = new AuditDetails(mapper);
        this.clock = clock;
        this.schema = schema;
        this.table = new AuditTable<>(schema);
    }

    public AuditSchema<E> schema() {
        return schema;
    }

    /** Records in a transaction of its own: for events whose cause changes nothing (a refused login). */
    public void record(AuditAction action, E entry, Caller caller, Map<String, ?> details) {
        jdbi.useHandle(handle -> record(handle, action, entry, caller, details));
    }

    /** Records inside the caller's transaction, so the event exists exactly when the change does. */
    public void record(Handle handle, AuditAction action, E entry, Caller caller, Map<String, ?> details) {
        if (!schema.actionCodes().contains(action.code())) {
            throw new IllegalArgumentException("not an action of this audit log: " + action.code());
        }
        table.insert(handle, UUID.randomUUID(), clock.instant(), action.code(), entry, caller.ip(),
                caller.requestId(), detailsCodec.write(details));
    }

    public Page<AuditEvent<E>> find(AuditFilter filter, Pagination page) {
        return jdbi.withHandle(handle -> Page.of(
                table.find(handle, filter, page.limit(), page.offset()).stream().map(this::toEvent).toList(),
                table.count(handle, filter),
                page));
    }

    private AuditEvent<E> toEvent(AuditTable.Row<E> row) {
        return new AuditEvent<>(row.id(), row.occurredAt(), row.action(), row.entry(), row.ip(), row.requestId(),
                detailsCodec.read(row.details()));
    }
}
