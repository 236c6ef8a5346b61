package dev.portalsuite.auth.account;

import com.fasterxml.jackson.databind.JsonNode;

public record UpdateMeRequest(String fullName, JsonNode preferences) {
}
