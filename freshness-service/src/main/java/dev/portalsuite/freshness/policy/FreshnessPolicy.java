package dev.portalsuite.freshness.policy;

import java.time.LocalDate;

/**
 * Thresholds in whole days on shelf: {@code daysOnShelf <= freshMaxDays} is FRESH, up to
 * {@code cautionMaxDays} CAUTION, beyond that EXPIRED. The status itself is worked out in SQL (BatchDao), so
 * lists can filter and count by it.
 */
public record FreshnessPolicy(int freshMaxDays, int cautionMaxDays) {
    /** The classic policy of every product without its own: FRESH 0–2 days, CAUTION 3–4, EXPIRED from 5. */
    public static final FreshnessPolicy DEFAULT = new FreshnessPolicy(2, 4);
    public static final int MAX_DAYS = 3650;

    public FreshnessPolicy {
        if (freshMaxDays < 0 || cautionMaxDays <= freshMaxDays || cautionMaxDays > MAX_DAYS) {
            throw new IllegalArgumentException("need 0 <= freshMaxDays < cautionMaxDays <= " + MAX_DAYS);
        }
    }

    /** The last day a batch that arrived on {@code arrivalDate} is FRESH. */
    public LocalDate freshUntil(LocalDate arrivalDate) {
        return arrivalDate.plusDays(freshMaxDays);
    }

    /** The first day a batch that arrived on {@code arrivalDate} is EXPIRED. */
    public LocalDate expiresOn(LocalDate arrivalDate) {
        return arrivalDate.plusDays(cautionMaxDays + 1L);
    }
}
