package dev.portalsuite.auth.client;

import dev.portalsuite.shared.web.ApiException;
import java.util.List;
import java.util.Map;

/** Token-endpoint errors: problem+json that also carries RFC 6749's {@code error} and {@code error_description}. */
final class OAuthErrors {
    private OAuthErrors() {
    }

    static ApiException invalidRequest(String description) {
        return error(400, "Bad Request", "invalid_request", description, Map.of());
    }

    static ApiException unsupportedGrantType() {
        return error(400, "Bad Request", "unsupported_grant_type", "Only grant_type=client_credentials is supported.", Map.of());
    }

    static ApiException invalidScope(String description) {
        return error(400, "Bad Request", "invalid_scope", description, Map.of());
    }

    static ApiException invalidClient() {
        return error(401, "Unauthorized", "invalid_client", "Client authentication failed.",
                Map.of("WWW-Authenticate", "Basic realm=\"portal-suite\""));
    }

    static ApiException unsupportedMediaType() {
        return error(415, "Unsupported Media Type", "invalid_request",
                "Send the token request as application/x-www-form-urlencoded.", Map.of());
    }

    private static ApiException error(int status, String title, String code, String description, Map<String, String> headers) {
        return new ApiException(status, title, description, List.of(), headers,
                Map.of("error", code, "error_description", description));
    }
}
