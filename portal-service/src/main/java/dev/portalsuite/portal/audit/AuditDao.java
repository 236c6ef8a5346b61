package dev.portalsuite.portal.audit;

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
            INSERT INTO audit_events (id, occurred_at, action, actor, target_type, target_id, ip, request_id, details)
            VALUES (:id, :occurredAt, :action, :actor, :targetType, :targetId, :ip, :requestId, CAST(:details AS jsonb))
            """)
    void insert(@Bind("id") UUID id, @Bind("occurredAt") Instant occurredAt, @Bind("action") String action,
                @Bind("actor") String actor, @Bind("targetType") String targetType, @Bind("targetId") UUID targetId,
                @Bind("ip") String ip, @Bind("requestId") String requestId, @Bind("details") String details);

    String FILTER = """
            WHERE (CAST(:action AS text) IS NULL OR action = :action)
              AND (CAST(:targetId AS uuid) IS NULL OR target_id = :targetId)
              AND (CAST(:from AS timestamptz) IS NULL OR occurred_at >= :from)
              AND (CAST(:to AS timestamptz) IS NULL OR occurred_at < :to)
            """;

    @SqlQuery("SELECT id, occurred_at, action, actor, target_type, target_id, ip, request_id, details::text AS details "
            + "FROM audit_events " + FILTER + " ORDER BY occurred_at DESC, seq DESC LIMIT :limit OFFSET :offset")
    List<Row> find(@Bind("action") String action, @Bind("targetId") UUID targetId, @Bind("from") Instant from,
                   @Bind("to") Instant to, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM audit_events " + FILTER)
    long count(@Bind("action") String action, @Bind("targetId") UUID targetId, @Bind("from") Instant from,
               @Bind("to") Instant to);

    record Row(UUID id, Instant occurredAt, String action, String actor, String targetType, UUID targetId, String ip,
               String requestId, String details) {
    }
}
