package dev.portalsuite.freshness.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit log, as admins read it. */
public record AuditEvent(
        UUID id,
        Instant occurredAt,
        String action,
        String actorId,
        UUID orgId,
        UUID batchId,
        String product,
        String ip,
        String requestId,
        JsonNode details) {
}
