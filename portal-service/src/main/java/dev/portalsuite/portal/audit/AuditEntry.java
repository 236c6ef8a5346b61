package dev.portalsuite.portal.audit;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.audit.AuditSchema;
import java.util.UUID;

/**
 * portal-service's own columns of an audit event: who acted (the token subject: a user id or a service client
 * id) and what the event is about. Admins filter the log by {@code targetId}.
 */
public record AuditEntry(String actorId, String targetType, UUID targetId) {
    public static final AuditSchema<AuditEntry> SCHEMA =
            AuditSchema.of(AuditEntry.class, AuditAction.values(), "targetId");

    /** The caller's {@code action} on the target of the action's type. */
    public static AuditEntry of(AuditAction action, UUID targetId, ScopedCaller caller) {
        return new AuditEntry(caller.subject(), action.targetType(), targetId);
    }
}
