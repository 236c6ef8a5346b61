package dev.portalsuite.portal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code POST /api/portal/sync-runs/{id}/records}: elements are checked one by one, so one bad record cannot fail the batch. */
public record RecordsRequest(List<JsonNode> records) {
}
