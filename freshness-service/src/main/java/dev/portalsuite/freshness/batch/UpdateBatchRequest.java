package dev.portalsuite.freshness.batch;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code PATCH /api/freshness/batches/{id}}: absent fields stay as they are; {@code notes} may be null to clear it. */
public record UpdateBatchRequest(JsonNode product, JsonNode batchIdentifier, JsonNode butcherDate, JsonNode arrivalDate,
                                 JsonNode notes) {
    boolean isEmpty() {
        return product == null && batchIdentifier == null && butcherDate == null && arrivalDate == null && notes == null;
    }
}
