package dev.portalsuite.freshness.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(AuditDao.Row.class)
public interface AuditDao {

    @SqlUpdate("""
            INSERT INTO audit_events (id, occurred_at, action, actor_id, org_id, batch_id, product, ip, request_id, details)
            VALUES (:id, :occurredAt, :action, :actorId, :orgId, :batchId, :product, :ip, :requestId, CAST(:details AS jsonb))
            """)
    void insert(@Bind("id") UUID id, @Bind("occurredAt") Instant occurredAt, @Bind("action") String action,
                @Bind("actorId") String actorId, @Bind("orgId") UUID orgId, @Bind("batchId") UUID batchId,
                @Bind("product") String product, @Bind("ip") String ip, @Bind("requestId") String requestId,
                @Bind("details") String details);

    String FILTER = """
            WHERE (CAST(:batchId AS uuid) IS NULL OR batch_id = :batchId)
              AND (CAST(:orgId AS uuid) IS NULL OR org_id = :orgId)
              AND (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)
            """;

    @SqlQuery("SELECT id, occurred_at, action, actor_id, org_id, batch_id, product, ip, request_id, details::text AS details "
            + "FROM audit_events " + FILTER + " ORDER BY occurred_at DESC, seq DESC LIMIT :limit OFFSET :offset")
    List<Row> find(@Bind("batchId") UUID batchId, @Bind("orgId") UUID orgId, @Bind("action") String action,
                   @Bind("from") Instant from, @Bind("to") Instant to, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM audit_events " + FILTER)
    long count(@Bind("batchId") UUID batchId, @Bind("orgId") UUID orgId, @Bind("action") String action,
               @Bind("from") Instant from, @Bind("to") Instant to);

    record Row(UUID id, Instant occurredAt, String action, String actorId, UUID orgId, UUID batchId, String product,
               String ip, String requestId, String details) {
    }
}
