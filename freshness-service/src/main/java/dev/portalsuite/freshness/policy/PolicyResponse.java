package dev.portalsuite.freshness.policy;

import java.time.Instant;

/** A product's own thresholds. */
public record PolicyResponse(String product, int freshMaxDays, int cautionMaxDays, Instant updatedAt) {
    static PolicyResponse of(PolicyDao.Row row) {
        return new PolicyResponse(row.product(), row.freshMaxDays(), row.cautionMaxDays(), row.updatedAt());
    }
}
