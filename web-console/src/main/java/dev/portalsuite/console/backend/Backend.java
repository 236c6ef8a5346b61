package dev.portalsuite.console.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.web.RequestIds;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.MDC;

/**
 * The console's way to the three services' REST APIs, server-side, over one shared OkHttp client. The path prefix
 * picks the service ({@code /api/auth}, {@code /api/portal}, {@code /api/freshness}). The browser's address goes
 * along in {@code X-Forwarded-For} (auth's rate limits and audit count people, not the console), the request id in
 * {@code X-Request-Id}.
 */
public final class Backend {
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final HttpUrl auth;
    private final HttpUrl portal;
    private final HttpUrl freshness;

    public Backend(OkHttpClient http, ObjectMapper mapper, URI authUrl, URI portalUrl, URI freshnessUrl) {
        this.http = http;
        this.mapper = mapper;
        this.auth = HttpUrl.get(authUrl);
        this.portal = HttpUrl.get(portalUrl);
        this.freshness = HttpUrl.get(freshnessUrl);
    }

    /** Calls made for one browser request; {@code accessToken} is null before sign-in. */
    public Client as(String accessToken, String clientIp, String userAgent) {
        return new Client(accessToken, clientIp, userAgent);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Calls on behalf of one browser request. */
    public final class Client {
        private final String accessToken;
        private final String clientIp;
        private final String userAgent;

        private Client(String accessToken, String clientIp, String userAgent) {
            this.accessToken = accessToken;
            this.clientIp = clientIp;
            this.userAgent = userAgent;
        }

        public ApiResult get(String path) {
            return send("GET", path, Map.of(), null);
        }

        public ApiResult get(String path, Map<String, String> query) {
            return send("GET", path, query, null);
        }

        public ApiResult post(String path, Object body) {
            return send("POST", path, Map.of(), body);
        }

        public ApiResult patch(String path, Object body) {
            return send("PATCH", path, Map.of(), body);
        }

        public ApiResult put(String path, Object body) {
            return send("PUT", path, Map.of(), body);
        }

        public ApiResult delete(String path) {
            return send("DELETE", path, Map.of(), null);
        }

        private ApiResult send(String method, String path, Map<String, String> query, Object body) {
            Target target = target(path);
            HttpUrl.Builder url = withQuery(target.base().newBuilder().encodedPath(path), query);
            Request.Builder request = new Request.Builder().url(url.build()).header("Accept", "application/json");
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            if (clientIp != null) {
                request.header("X-Forwarded-For", clientIp);
            }
            if (userAgent != null && !userAgent.isBlank()) {
                request.header("User-Agent", userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent);
            }
            String requestId = MDC.get(RequestIds.MDC_KEY);
            if (requestId != null) {
                request.header(RequestIds.HEADER, requestId);
            }
            RequestBody requestBody = null;
            if (body != null) {
                try {
                    requestBody = RequestBody.create(mapper.writeValueAsBytes(body), JSON);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("body not serialisable", e);
                }
            } else if (!method.equals("GET") && !method.equals("DELETE")) {
                requestBody = RequestBody.create(new byte[0], null);
            }
            request.method(method, requestBody);
            try (Response response = http.newCall(request.build()).execute()) {
                JsonNode json = null;
                ResponseBody responseBody = response.body();
                byte[] bytes = responseBody.bytes();
                String contentType = response.header("Content-Type", "");
                if (bytes.length > 0 && contentType.contains("json")) {
                    json = mapper.readTree(bytes);
                }
                Map<String, String> headers = new HashMap<>();
                String retryAfter = response.header("Retry-After");
                if (retryAfter != null) {
                    headers.put("retry-after", retryAfter);
                }
                String challenge = response.header("WWW-Authenticate");
                if (challenge != null) {
                    headers.put("www-authenticate", challenge);
                }
                return new ApiResult(target.name(), response.code(), json, headers);
            } catch (IOException e) {
                throw new BackendUnavailableException(target.name(), e.getClass().getSimpleName());
            }
        }

        /**
         * The APIs refuse an empty or repeated query value (400 naming the parameter): an unset filter (an empty
         * select, a blank search box) is left out rather than sent as {@code ?status=}; each name appears once.
         */
        private static HttpUrl.Builder withQuery(HttpUrl.Builder url, Map<String, String> query) {
            query.forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    url.setQueryParameter(name, value);
                }
            });
            return url;
        }

        /** Raw bytes (QR images): the status and body as they came. */
        public byte[] bytes(String path, Map<String, String> query) {
            Target target = target(path);
            HttpUrl.Builder url = withQuery(target.base().newBuilder().encodedPath(path), query);
            Request.Builder request = new Request.Builder().url(url.build());
            if (accessToken != null) {
                request.header("Authorization", "Bearer " + accessToken);
            }
            try (Response response = http.newCall(request.build()).execute()) {
                if (!response.isSuccessful()) {
                    new ApiResult(target.name(), response.code(), null, Map.of()).body();
                }
                return response.body().bytes();
            } catch (IOException e) {
                throw new BackendUnavailableException(target.name(), e.getClass().getSimpleName());
            }
        }
    }

    private Target target(String path) {
        if (path.startsWith("/api/auth/")) {
            return new Target("The sign-in service", auth);
        }
        if (path.startsWith("/api/portal/")) {
            return new Target("The portal service", portal);
        }
        if (path.startsWith("/api/freshness/")) {
            return new Target("The freshness service", freshness);
        }
        throw new IllegalArgumentException("no backend serves " + path);
    }

    private record Target(String name, HttpUrl base) {
    }
}
