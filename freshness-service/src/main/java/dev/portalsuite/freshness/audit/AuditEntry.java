package dev.portalsuite.freshness.audit;

import dev.portalsuite.shared.audit.AuditSchema;
import java.util.UUID;

/**
 * freshness-service's own columns of an audit event: who acted and what it is about, a batch (with its
 * organisation) or a product's policy. Admins filter the log by {@code orgId} and {@code batchId}.
 */
public record AuditEntry(String actorId, UUID orgId, UUID batchId, String product) {
    public static final AuditSchema<AuditEntry> SCHEMA =
            AuditSchema.of(AuditEntry.class, AuditAction.values(), "batchId", "orgId");

    public static AuditEntry batch(String actorId, UUID orgId, UUID batchId, String product) {
        return new AuditEntry(actorId, orgId, batchId, product);
    }

    public static AuditEntry policy(String actorId, String product) {
        return new AuditEntry(actorId, null, null, product);
    }
}
