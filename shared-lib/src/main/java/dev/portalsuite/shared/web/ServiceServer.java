package dev.portalsuite.shared.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.ops.ApiDocs;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.ops.ReadinessCheck;
import dev.portalsuite.shared.security.AccessControl;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Builds a service's Javalin app with everything the services share: JSON mapper, request ids and
 * JSON access logs, problem+json for every failure, route roles, health, metrics and API docs.
 */
public final class ServiceServer {
    private static final Logger ACCESS = LoggerFactory.getLogger("access");
    private static final Logger LOG = LoggerFactory.getLogger(ServiceServer.class);
    private static final String PROBLEM_WRITTEN = "portal.problemWritten";
    private static final String STARTED_NANOS = "portal.startedNanos";

    private final String apiBasePath;
    private ObjectMapper mapper;
    private Metrics metrics;
    private AccessControl accessControl;
    private TrustedProxies trustedProxies = TrustedProxies.none();
    private ApiDocs docs;
    private long maxRequestBytes = 64 * 1024;
    private final List<ReadinessCheck> readiness = new ArrayList<>();
    private final List<Consumer<RoutesConfig>> routes = new ArrayList<>();
    private final List<Consumer<JavalinConfig>> extras = new ArrayList<>();
    private final List<NotFoundPrefix> notFoundPrefixes = new ArrayList<>();

    /** A fixed page answered without a handler (for requests the HTTP server refuses before routing). */
    public record StaticPage(String contentType, Map<String, String> headers, byte[] body) {
        public StaticPage {
            headers = Map.copyOf(headers);
        }
    }

    /** Paths under {@code prefix} answer 404: {@code page}, or a problem when it is null. */
    record NotFoundPrefix(String prefix, StaticPage page) {
    }

    private ServiceServer(String apiBasePath) {
        this.apiBasePath = apiBasePath;
    }

    /** @param apiBasePath the service's path prefix, e.g. {@code /api/auth} */
    public static ServiceServer forService(String apiBasePath) {
        return new ServiceServer(apiBasePath);
    }

    public ServiceServer objectMapper(ObjectMapper mapper) {
        this.mapper = mapper;
        return this;
    }

    public ServiceServer metrics(Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public ServiceServer accessControl(AccessControl accessControl) {
        this.accessControl = accessControl;
        return this;
    }

    public ServiceServer trustedProxies(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
        return this;
    }

    public ServiceServer openApi(String specResource) {
        this.docs = new ApiDocs(apiBasePath, specResource);
        return this;
    }

    public ServiceServer maxRequestBytes(long bytes) {
        this.maxRequestBytes = bytes;
        return this;
    }

    public ServiceServer readiness(String name, java.util.function.BooleanSupplier check) {
        readiness.add(new ReadinessCheck(name, check));
        return this;
    }

    /**
     * A path under {@code prefix} that the HTTP server cannot even decode (a %-escape of NUL or of non-hex digits,
     * bytes that are not UTF-8) answers 404 problem+json instead of 400: for routes documented as "anything that is
     * not a valid key is 404", such as a public code.
     */
    public ServiceServer undecodablePathIsNotFound(String prefix) {
        notFoundPrefixes.add(new NotFoundPrefix(prefix, null));
        return this;
    }

    /** As {@link #undecodablePathIsNotFound(String)}, answering with {@code page} (e.g. an HTML "not found" page). */
    public ServiceServer undecodablePathIsNotFound(String prefix, StaticPage page) {
        notFoundPrefixes.add(new NotFoundPrefix(prefix, Objects.requireNonNull(page, "page")));
        return this;
    }

    public ServiceServer routes(Consumer<RoutesConfig> group) {
        routes.add(group);
        return this;
    }

    /**
     * Further Javalin settings beyond what every service shares (the web console's template renderer and
     * static files); applied after the shared ones.
     */
    public ServiceServer javalin(Consumer<JavalinConfig> extra) {
        extras.add(extra);
        return this;
    }

    /**
     * Marks the response a handler has written as final, so the problem+json error mapping leaves it alone:
     * for deliberate non-problem bodies on an error status, such as an HTML 404 page.
     */
    public static void keepResponse(Context ctx) {
        ctx.attribute(PROBLEM_WRITTEN, true);
    }

    public Javalin build() {
        Objects.requireNonNull(mapper, "objectMapper");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(accessControl, "accessControl");
        if (docs == null && apiBasePath.startsWith("/api/")) {
            throw new NullPointerException("openApi"); // every API service publishes its contract; the console has none
        }
        return Javalin.create(this::configure);
    }

    private void configure(JavalinConfig config) {
        config.jsonMapper(new JavalinJackson(mapper, false));
        config.http.maxRequestSize = maxRequestBytes;
        config.http.prefer405over404 = true;
        config.startup.showJavalinBanner = false;
        config.contextResolver.ip = ctx -> trustedProxies.clientIp(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(5_000);
            server.setErrorHandler(new ProblemErrorHandler(mapper, notFoundPrefixes));
            RefusedTargets.install(server);
        });

        config.routes.before(this::beginRequest);
        config.routes.beforeMatched(accessControl);
        config.requestLogger.http(this::endRequest);

        config.routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        config.routes.get("/health/ready", this::ready);
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        if (docs != null) {
            config.routes.get(docs.specPath(), docs::serveSpec);
            config.routes.get(docs.docsPath(), docs::serveUi);
            config.routes.get(docs.docsPath() + "/assets/{asset}", docs::serveAsset);
        }
        routes.forEach(group -> group.accept(config.routes));
        extras.forEach(extra -> extra.accept(config));

        config.routes.exception(ApiException.class, (e, ctx) -> writeProblem(ctx, e));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> writeProblem(ctx, fromJavalin(e)));
        config.routes.exception(io.javalin.validation.ValidationException.class,
                (e, ctx) -> writeProblem(ctx, ApiException.badRequest("Invalid request parameters.")));
        config.routes.exception(Exception.class, this::unexpected);
        for (int status : new int[] {400, 401, 403, 404, 405, 408, 413, 415, 429, 500, 503}) {
            config.routes.error(status, "*", ctx -> {
                if (ctx.attribute(PROBLEM_WRITTEN) == null) {
                    writeProblem(ctx, new ApiException(status, reason(status), defaultDetail(ctx, status), List.of(), Map.of()));
                }
            });
        }
    }

    private void beginRequest(Context ctx) {
        String requestId = RequestIds.acceptOrGenerate(ctx.header(RequestIds.HEADER));
        ctx.attribute(STARTED_NANOS, System.nanoTime());
        ctx.attribute(RequestIds.MDC_KEY, requestId);
        ctx.header(RequestIds.HEADER, requestId);
        // API answers are per caller (tokens, secrets, a tenant's data): never stored by a cache unless a route
        // says otherwise (the public freshness page, the JWKS, the docs)
        ctx.header("Cache-Control", "no-store");
        MDC.put(RequestIds.MDC_KEY, requestId);
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.indexOf('\0') >= 0 || values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                // PostgreSQL text cannot hold U+0000: refuse it before any service sees it
                throw ApiException.invalidField(name.indexOf('\0') >= 0 ? "query" : name, "must not contain the character U+0000");
            }
        });
    }

    private void endRequest(Context ctx, Float ignoredMillis) {
        try {
            Long started = ctx.attribute(STARTED_NANOS);
            Duration duration = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
            String route = matchedRoute(ctx);
            metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), duration);
            // the path only: query strings and headers may carry secrets
            ACCESS.atInfo()
                    .addKeyValue("method", ctx.method().name())
                    .addKeyValue("path", ctx.path())
                    .addKeyValue("route", route)
                    .addKeyValue("status", ctx.statusCode())
                    .addKeyValue("durationMs", duration.toMillis())
                    .addKeyValue("ip", ctx.ip())
                    .log("request");
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    private static String matchedRoute(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? "UNMATCHED" : endpoint.path;
        } catch (RuntimeException e) {
            return "UNMATCHED";
        }
    }

    private void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean up = true;
        for (ReadinessCheck check : readiness) {
            boolean ok;
            try {
                ok = check.check().getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            checks.put(check.name(), ok ? "UP" : "DOWN");
            up &= ok;
        }
        ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "checks", checks));
        ctx.attribute(PROBLEM_WRITTEN, true); // a DOWN readiness body is not a problem document
    }

    private void unexpected(Exception e, Context ctx) {
        if (DatabaseErrors.isUnavailable(e)) {
            LOG.warn("database unavailable: {}", e.toString());
            writeProblem(ctx, ApiException.unavailable("The database is unavailable; try again shortly.", Duration.ofSeconds(5)));
            return;
        }
        LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
        writeProblem(ctx, new ApiException(500, "Internal Server Error",
                "Something went wrong on our side. Quote the request id when reporting it.", List.of(), Map.of()));
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        if (status >= 500) {
            return new ApiException(status, reason(status), "The request could not be served.", List.of(), Map.of());
        }
        String detail = switch (status) {
            case 413 -> "The request body is too large.";
            case 400 -> "The request is malformed.";
            default -> reason(status);
        };
        Map<String, String> headers = Map.of();
        if (status == 405 && !e.getDetails().isEmpty()) {
            // Javalin lists the methods the path does support; RFC 9110 wants them in Allow
            headers = Map.of("Allow", String.join(", ", e.getDetails().values()).replaceAll("[\\[\\]]", ""));
        }
        return new ApiException(status, reason(status), detail, List.of(), headers);
    }

    private void writeProblem(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        Problem problem = new Problem(
                "about:blank",
                e.title(),
                e.status(),
                e.getMessage(),
                ctx.path(),
                ctx.attribute(RequestIds.MDC_KEY),
                e.errors().isEmpty() ? null : e.errors());
        try {
            Object body = problem;
            if (!e.extensions().isEmpty()) {
                Map<String, Object> extended = mapper.convertValue(problem, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
                e.extensions().forEach(extended::putIfAbsent);
                body = extended;
            }
            ctx.status(e.status())
                    .contentType(Problem.CONTENT_TYPE)
                    .result(mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        ctx.attribute(PROBLEM_WRITTEN, true);
    }

    private static String defaultDetail(Context ctx, int status) {
        return switch (status) {
            case 404 -> "No resource at " + ctx.method().name() + " " + ctx.path() + ".";
            case 405 -> "Method " + ctx.method().name() + " is not allowed on " + ctx.path() + ".";
            case 413 -> "The request body is too large.";
            case 415 -> "Unsupported media type.";
            default -> reason(status);
        };
    }

    static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 423 -> "Locked";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
