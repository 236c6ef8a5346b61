package dev.portalsuite.freshness.batch;

import dev.portalsuite.freshness.policy.FreshnessPolicy;
import dev.portalsuite.freshness.policy.FreshnessStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A stored batch together with its freshness as of one day. */
public record BatchView(
        UUID id,
        String publicCode,
        String publicUrl,
        UUID orgId,
        String product,
        String batchIdentifier,
        LocalDate butcherDate,
        LocalDate arrivalDate,
        String notes,
        int daysOnShelf,
        FreshnessStatus status,
        LocalDate freshUntil,
        LocalDate expiresOn,
        LocalDate asOf,
        Instant createdAt,
        Instant updatedAt,
        boolean deleted) {

    static BatchView of(BatchDao.Row row, PublicUrls urls, LocalDate today) {
        FreshnessPolicy policy = new FreshnessPolicy(row.freshMaxDays(), row.cautionMaxDays());
        return new BatchView(row.id(), row.publicCode(), urls.of(row.publicCode()), row.orgId(), row.product(),
                row.batchIdentifier(), row.butcherDate(), row.arrivalDate(), row.notes(), row.daysOnShelf(),
                FreshnessStatus.valueOf(row.status()), policy.freshUntil(row.arrivalDate()),
                policy.expiresOn(row.arrivalDate()), today, row.createdAt(), row.updatedAt(), row.deletedAt() != null);
    }
}
