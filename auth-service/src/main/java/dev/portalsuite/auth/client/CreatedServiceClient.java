package dev.portalsuite.auth.client;

import java.util.List;

/** The one response that shows a client's secret. */
public record CreatedServiceClient(String clientId, String clientSecret, List<String> scopes) {
}
