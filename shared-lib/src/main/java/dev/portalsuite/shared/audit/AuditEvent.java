package dev.portalsuite.shared.audit;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One row of an append-only audit log, as admins read it; the service's own columns appear inline. */
public record AuditEvent<E extends Record>(
        UUID id,
        Instant occurredAt,
        String action,
        @JsonUnwrapped E entry,
        String ip,
        String requestId,
        JsonNode details) {
}
