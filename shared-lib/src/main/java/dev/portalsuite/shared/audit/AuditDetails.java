package dev.portalsuite.shared.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The free-form {@code details} of an audit event, stored as a JSON object in a {@code jsonb} column. Each service
 * keeps its own audit table (the columns follow its domain); this is the part they all write and read the same way.
 */
public final class AuditDetails {
    private final ObjectMapper mapper;

    public AuditDetails(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The JSON text to store; no details are stored as {@code {}}. */
    public String write(Map<String, ?> details) {
        try {
            return mapper.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details cannot be written as JSON", e);
        }
    }

    public JsonNode read(String stored) {
        try {
            return mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit details are not JSON", e);
        }
    }
}
