package dev.portalsuite.portal.sync;

/** {@code POST /api/portal/sync-runs/{id}/finish}. */
public record FinishRunRequest(String status, Boolean deactivateMissing, String error) {
}
