package dev.portalsuite.auth.client;

import java.util.List;

public record UpdateServiceClientRequest(List<String> scopes, Boolean disabled) {
}
