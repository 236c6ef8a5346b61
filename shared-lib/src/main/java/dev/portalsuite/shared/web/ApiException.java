package dev.portalsuite.shared.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A failure the client should see as a problem+json response. Services throw these (through the
 * factory methods) without touching HTTP types; the server maps them to the response.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;
    private final Map<String, String> extensions;

    public ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers) {
        this(status, title, detail, errors, headers, Map.of());
    }

    /** @param extensions extra members of the problem document (RFC 9457 section 3.2), e.g. OAuth's {@code error} */
    public ApiException(int status, String title, String detail, List<FieldError> errors, Map<String, String> headers,
                        Map<String, String> extensions) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad Request", detail, List.of(), Map.of());
    }

    public static ApiException validation(List<FieldError> errors) {
        return new ApiException(400, "Bad Request", "The request has invalid fields.", errors, Map.of());
    }

    public static ApiException invalidField(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, List.of(), Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, List.of(), Map.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, List.of(), Map.of());
    }

    public static ApiException gone(String detail) {
        return new ApiException(410, "Gone", detail, List.of(), Map.of());
    }

    public static ApiException locked(String detail, Duration retryAfter) {
        return new ApiException(423, "Locked", detail, List.of(), retryAfter(retryAfter));
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(429, "Too Many Requests", detail, List.of(), retryAfter(retryAfter));
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(503, "Service Unavailable", detail, List.of(), retryAfter(retryAfter));
    }

    private static Map<String, String> retryAfter(Duration duration) {
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        return Map.of("Retry-After", Long.toString(seconds));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, String> extensions() {
        return extensions;
    }
}
