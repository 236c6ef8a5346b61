package dev.portalsuite.auth.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Absent fields stay as they are; {@code orgId}/{@code orgType} may be JSON null to clear them. */
public record UpdateUserRequest(List<String> roles, JsonNode orgId, JsonNode orgType, Boolean disabled) {
}
