package dev.portalsuite.freshness.policy;

/** {@code PUT /api/freshness/policies/{product}}. */
public record PolicyRequest(Integer freshMaxDays, Integer cautionMaxDays) {
}
