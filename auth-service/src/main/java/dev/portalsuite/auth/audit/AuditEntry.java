package dev.portalsuite.auth.audit;

import dev.portalsuite.shared.audit.AuditSchema;
import java.util.UUID;

/**
 * auth-service's own columns of an audit event: the user it is about, the user who caused it (null for anonymous
 * and in-process events) and the email involved. Admins filter the log by {@code userId}.
 */
public record AuditEntry(UUID userId, UUID actorId, String email) {
    public static final AuditSchema<AuditEntry> SCHEMA = AuditSchema.of(AuditEntry.class, AuditAction.values(), "userId");
}
