package dev.portalsuite.portal.dashboard;

import java.time.Instant;
import java.util.UUID;

/** {@code GET /api/portal/dashboard}: only what the caller may see. */
public record DashboardResponse(ScopeInfo scope, Totals totals, LastSync lastSync) {

    /**
     * {@code kind}: ALL (an administrator: every organisation), ORG (the caller's organisation and its subtree),
     * NONE (a caller without a known organisation: nothing).
     */
    public record ScopeInfo(String kind, UUID orgId, String orgType, String name) {
    }

    /** Active organisations in scope, and the sums of their license and device numbers. */
    public record Totals(long mssps, long msps, long clients, long purchasedLicenses, long activeLicenses, long devices) {
    }

    public record LastSync(UUID id, String source, String status, Instant finishedAt) {
    }
}
