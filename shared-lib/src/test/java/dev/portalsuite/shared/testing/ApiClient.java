package dev.portalsuite.shared.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real HTTP client for tests that checks every exchange against the service's openapi.yaml:
 * the response always, the request unless the test deliberately sends something invalid
 * ({@link Call#invalidRequest()}). Violations are collected and fail the test in {@link #assertNoViolations()}
 * and immediately in the call that produced them.
 */
public final class ApiClient {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .callTimeout(Duration.ofSeconds(60))
            .readTimeout(Duration.ofSeconds(60))
            .build();

    private final String baseUrl;
    private final OkHttpClient http;
    private final OpenApiInteractionValidator validator;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public ApiClient(String baseUrl, String specResource) {
        this(baseUrl, specResource, SHARED);
    }

    /**
     * With the test's own HTTP client, e.g. one bound to a particular local address, so a reverse proxy in front of
     * the service sees distinct clients.
     */
    public ApiClient(String baseUrl, String specResource, OkHttpClient http) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        // a service without an API contract (the web console renders pages) gets a plain client
        this.validator = specResource == null ? null
                : OpenApiInteractionValidator.createForInlineApiSpecification(readSpec(specResource)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Call get(String path) {
        return new Call("GET", path);
    }

    public Call head(String path) {
        return new Call("HEAD", path);
    }

    public Call post(String path) {
        return new Call("POST", path);
    }

    public Call put(String path) {
        return new Call("PUT", path);
    }

    public Call patch(String path) {
        return new Call("PATCH", path);
    }

    public Call delete(String path) {
        return new Call("DELETE", path);
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public void assertNoViolations() {
        if (!violations.isEmpty()) {
            throw new AssertionError("OpenAPI violations:\n" + String.join("\n", violations));
        }
    }

    /** One request being built. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private byte[] body;
        private String contentType;
        private boolean validateRequest = true;
        private boolean validateResponse = true;

        /** {@code path} may carry a query string; its parameters are validated like those added with {@link #query}. */
        private Call(String method, String path) {
            this.method = method;
            int question = path.indexOf('?');
            this.path = question < 0 ? path : path.substring(0, question);
            if (question >= 0) {
                HttpUrl parsed = HttpUrl.get("http://localhost" + path);
                parsed.queryParameterNames().forEach(name -> query.put(name, new ArrayList<>(parsed.queryParameterValues(name))));
            }
        }

        public Call bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Call query(String name, Object value) {
            query.put(name, new ArrayList<>(List.of(String.valueOf(value))));
            return this;
        }

        /** One more value for {@code name}, which is then sent repeated ({@code ?a=1&a=2}). */
        public Call addQuery(String name, Object value) {
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(String.valueOf(value));
            return this;
        }

        public Call json(String json) {
            return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }

        public Call body(byte[] bytes, String type) {
            this.body = bytes;
            this.contentType = type;
            return this;
        }

        /** The test sends a request that breaks the contract on purpose; the response is still checked. */
        public Call invalidRequest() {
            this.validateRequest = false;
            return this;
        }

        /** For routes outside the contract (e.g. an unknown path): nothing to validate against. */
        public Call outsideContract() {
            this.validateRequest = false;
            this.validateResponse = false;
            return this;
        }

        public ApiResponse send() {
            HttpUrl.Builder url = HttpUrl.get(baseUrl + path).newBuilder();
            query.forEach((name, values) -> values.forEach(value -> url.addQueryParameter(name, value)));
            okhttp3.Request.Builder request = new okhttp3.Request.Builder().url(url.build());
            headers.forEach(request::header);
            RequestBody requestBody = null;
            if (body != null) {
                requestBody = RequestBody.create(body, contentType == null ? null : MediaType.get(contentType));
            } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
                requestBody = RequestBody.create(new byte[0], null);
            }
            request.method(method, requestBody);
            ApiResponse response;
            try (Response r = http.newCall(request.build()).execute()) {
                String text = r.body().string();
                response = new ApiResponse(r.code(), r.headers().toMultimap(), text, r.header("Content-Type"));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            }
            validate(response);
            return response;
        }

        private void validate(ApiResponse response) {
            if (validator == null) {
                return;
            }
            List<String> problems = new ArrayList<>();
            Request.Method m = Request.Method.valueOf(method);
            if (validateRequest) {
                SimpleRequest.Builder builder = new SimpleRequest.Builder(m, path);
                headers.forEach(builder::withHeader);
                query.forEach(builder::withQueryParam);
                if (body != null) {
                    builder.withContentType(contentType);
                    builder.withBody(new String(body, StandardCharsets.UTF_8));
                }
                collect(validator.validateRequest(builder.build()), "request", problems);
            }
            if (validateResponse) {
                SimpleResponse.Builder builder = new SimpleResponse.Builder(response.status());
                response.headers().forEach((name, values) -> builder.withHeader(name, values));
                if (response.contentType() != null) {
                    builder.withContentType(response.contentType());
                }
                if (!response.body().isEmpty()) {
                    builder.withBody(response.body());
                }
                collect(validator.validateResponse(path, m, builder.build()), "response", problems);
            }
            if (!problems.isEmpty()) {
                String message = method + " " + path + " -> " + response.status() + " " + response.body() + "\n  "
                        + String.join("\n  ", problems);
                violations.add(message);
                throw new AssertionError("OpenAPI violation: " + message);
            }
        }

        private void collect(ValidationReport report, String what, List<String> into) {
            report.getMessages().stream()
                    .filter(msg -> msg.getLevel() == ValidationReport.Level.ERROR)
                    // a request without credentials is how tests probe 401; the response is still checked
                    .filter(msg -> !msg.getKey().equals("validation.request.security.missing"))
                    .forEach(msg -> into.add(what + ": " + msg.getKey() + " " + msg.getMessage()));
        }
    }

    private static String readSpec(String resource) {
        try (InputStream in = ApiClient.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no spec at " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
