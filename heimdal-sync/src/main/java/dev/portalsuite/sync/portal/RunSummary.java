package dev.portalsuite.sync.portal;

/** The finished run as portal-service reports it (its totals are authoritative). */
public record RunSummary(String id, String status, int received, int inserted, int updated, int unchanged,
                         int rejected, int deactivated, int reactivated) {
}
