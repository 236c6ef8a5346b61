package dev.portalsuite.auth.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.audit.AuditDetails;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Writes and reads the append-only audit log. */
public final class AuditLog {
    private final Jdbi jdbi;
    private final AuditDetails detailsCodec;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, ObjectMapper mapper, Clock clock) {
        this.jdbi = jdbi;
        this.detailsCodec = new AuditDetails(mapper);
        this.clock = clock;
    }

    public void record(AuditAction action, UUID userId, UUID actorId, String email, RequestOrigin origin,
                       Map<String, ?> details) {
        jdbi.useHandle(handle -> record(handle, action, userId, actorId, email, origin, details));
    }

    /** Records inside the caller's transaction, so the event exists exactly when the change does. */
    public void record(Handle handle, AuditAction action, UUID userId, UUID actorId, String email,
                       RequestOrigin origin, Map<String, ?> details) {
        handle.attach(AuditDao.class).insert(UUID.randomUUID(), clock.instant(), action.code(), userId, actorId, email,
                origin.ip(), origin.requestId(), detailsCodec.write(details));
    }

    public Page<AuditEvent> find(UUID userId, String action, Instant from, Instant to, Pagination page) {
        return jdbi.withExtension(AuditDao.class, dao -> Page.of(
                dao.find(userId, action, from, to, page.limit(), page.offset()).stream().map(this::toEvent).toList(),
                dao.count(userId, action, from, to),
                page));
    }

    private AuditEvent toEvent(AuditDao.Row row) {
        return new AuditEvent(row.id(), row.occurredAt(), row.action(), row.userId(), row.actorId(), row.email(),
                row.ip(), row.requestId(), detailsCodec.read(row.details()));
    }
}
