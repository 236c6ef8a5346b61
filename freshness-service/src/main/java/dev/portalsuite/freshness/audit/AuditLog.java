package dev.portalsuite.freshness.audit;

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

/** Writes and reads the append-only audit log of batch and policy changes. */
public final class AuditLog {
    private final Jdbi jdbi;
    private final AuditDetails detailsCodec;
    private final Clock clock;

    public AuditLog(Jdbi jdbi, ObjectMapper mapper, Clock clock) {
        this.jdbi = jdbi;
        this.detailsCodec = new AuditDetails(mapper);
        this.clock = clock;
    }

    /** What an event is about: a batch (with its organisation) or a product's policy. */
    public record Subject(UUID orgId, UUID batchId, String product) {
        public static Subject batch(UUID orgId, UUID batchId, String product) {
            return new Subject(orgId, batchId, product);
        }

        public static Subject policy(String product) {
            return new Subject(null, null, product);
        }
    }

    /** Records inside the caller's transaction, so the event exists exactly when the change does. */
    public void record(Handle handle, AuditAction action, String actorId, Subject subject, RequestOrigin origin,
                       Map<String, ?> details) {
        handle.attach(AuditDao.class).insert(UUID.randomUUID(), clock.instant(), action.code(), actorId,
                subject.orgId(), subject.batchId(), subject.product(), origin.ip(), origin.requestId(), detailsCodec.write(details));
    }

    public Page<AuditEvent> find(UUID batchId, UUID orgId, String action, Instant from, Instant to, Pagination page) {
        return jdbi.withExtension(AuditDao.class, dao -> Page.of(
                dao.find(batchId, orgId, action, from, to, page.limit(), page.offset()).stream().map(this::toEvent).toList(),
                dao.count(batchId, orgId, action, from, to),
                page));
    }

    private AuditEvent toEvent(AuditDao.Row row) {
        return new AuditEvent(row.id(), row.occurredAt(), row.action(), row.actorId(), row.orgId(), row.batchId(),
                row.product(), row.ip(), row.requestId(), detailsCodec.read(row.details()));
    }
}
