package dev.portalsuite.auth.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of the append-only audit log, as admins read it. */
public record AuditEvent(
        UUID id,
        Instant occurredAt,
        String action,
        UUID userId,
        UUID actorId,
        String email,
        String ip,
        String requestId,
        JsonNode details) {
}
