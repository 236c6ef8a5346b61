package dev.portalsuite.freshness.publicpage;

import dev.portalsuite.freshness.batch.BatchView;
import dev.portalsuite.freshness.policy.FreshnessStatus;
import java.time.Instant;
import java.time.LocalDate;

/** {@code PublicBatch}: what anyone with the code may see; no id, organisation, notes or creator. */
public record PublicBatch(
        String publicCode,
        String publicUrl,
        String product,
        String batchIdentifier,
        LocalDate butcherDate,
        LocalDate arrivalDate,
        int daysOnShelf,
        FreshnessStatus status,
        String statusMessage,
        LocalDate freshUntil,
        LocalDate expiresOn,
        Instant createdAt,
        Instant updatedAt) {

    static PublicBatch of(BatchView view) {
        return new PublicBatch(view.publicCode(), view.publicUrl(), view.product(), view.batchIdentifier(),
                view.butcherDate(), view.arrivalDate(), view.daysOnShelf(), view.status(), view.status().message(),
                view.freshUntil(), view.expiresOn(), view.createdAt(), view.updatedAt());
    }
}
