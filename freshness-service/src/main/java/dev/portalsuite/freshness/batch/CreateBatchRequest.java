package dev.portalsuite.freshness.batch;

/**
 * {@code POST /api/freshness/batches}. Dates are strings so that a malformed one gets a precise message.
 * {@code orgId}: defaults to the caller's organisation; admins without one must name it.
 */
public record CreateBatchRequest(String product, String batchIdentifier, String butcherDate, String arrivalDate,
                                 String notes, String orgId) {
}
