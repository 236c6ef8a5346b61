package dev.portalsuite.auth.client;

import java.util.List;

public record CreateServiceClientRequest(String clientId, List<String> scopes) {
}
