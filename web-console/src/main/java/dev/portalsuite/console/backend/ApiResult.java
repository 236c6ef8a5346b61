package dev.portalsuite.console.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** One backend API answer: status, JSON body (missing when there is none) and the headers a page may need. */
public record ApiResult(String service, int status, JsonNode json, Map<String, String> headers) {

    public ApiResult {
        json = json == null ? MissingNode.getInstance() : json;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean unavailable() {
        return status >= 500;
    }

    /** The problem document's {@code detail}, or a fallback. */
    public String detail(String fallback) {
        String detail = json.path("detail").asText("");
        return detail.isBlank() ? fallback : detail;
    }

    /** The problem document's field errors, {@code field -> message} (first message per field). */
    public Map<String, String> fieldErrors() {
        Map<String, String> errors = new LinkedHashMap<>();
        for (JsonNode error : json.path("errors")) {
            errors.putIfAbsent(error.path("field").asText(""), error.path("message").asText(""));
        }
        return errors;
    }

    /** RFC 9470: a 401 that asks for a recent second factor, not a dead session. */
    public boolean stepUpRequired() {
        return status == 401 && headers.getOrDefault("www-authenticate", "").contains("insufficient_user_authentication");
    }

    public OptionalLong retryAfterSeconds() {
        String value = headers.get("retry-after");
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * This result when it succeeded or is a 4xx the page explains itself (validation, conflict); otherwise the
     * exception the page machinery turns into the right page: 401 ends the session (but a step-up 401 asks for a second factor), 403/404 error pages,
     * 5xx the unreachable banner.
     */
    public ApiResult orFail() {
        if (ok()) {
            return this;
        }
        if (stepUpRequired()) {
            // RFC 9470 step-up: the session is fine, this operation wants a recent second factor
            throw new StepUpRequiredException();
        }
        if (status == 401) {
            throw new SessionRejectedException();
        }
        if (status == 403 || status == 404) {
            throw new PageNotAllowedException(status);
        }
        if (unavailable()) {
            throw new BackendUnavailableException(service, "status " + status);
        }
        return this;
    }

    /** Like {@link #orFail()} but every non-2xx answer is a failure (reads that have nothing to explain). */
    public JsonNode body() {
        orFail();
        if (!ok()) {
            throw new PageNotAllowedException(status == 400 ? 404 : status);
        }
        return json;
    }
}
