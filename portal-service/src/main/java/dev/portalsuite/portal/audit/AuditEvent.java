package dev.portalsuite.portal.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit log, as admins read it. */
public record AuditEvent(
        UUID id,
        Instant occurredAt,
        String action,
        String actor,
        String targetType,
        UUID targetId,
        String ip,
        String requestId,
        JsonNode details) {
}
