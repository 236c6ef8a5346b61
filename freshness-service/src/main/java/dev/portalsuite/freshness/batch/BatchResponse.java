package dev.portalsuite.freshness.batch;

import dev.portalsuite.freshness.policy.FreshnessStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** {@code Batch}: a batch as its organisation (and admins) see it. */
public record BatchResponse(
        UUID id,
        String publicCode,
        String publicUrl,
        String product,
        String batchIdentifier,
        LocalDate butcherDate,
        LocalDate arrivalDate,
        String notes,
        int daysOnShelf,
        FreshnessStatus status,
        String statusMessage,
        LocalDate freshUntil,
        LocalDate expiresOn,
        UUID orgId,
        Instant createdAt,
        Instant updatedAt) {

    static BatchResponse of(BatchView view) {
        return new BatchResponse(view.id(), view.publicCode(), view.publicUrl(), view.product(), view.batchIdentifier(),
                view.butcherDate(), view.arrivalDate(), view.notes(), view.daysOnShelf(), view.status(),
                view.status().message(), view.freshUntil(), view.expiresOn(), view.orgId(), view.createdAt(),
                view.updatedAt());
    }
}
