package dev.portalsuite.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import dev.portalsuite.shared.testing.TestTokens;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jdbi.v3.core.mapper.RowMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Builds a tiny service the way every real service does (ServiceServer + Database + AccessControl) on a
 * real PostgreSQL and checks, over HTTP and against its OpenAPI spec, what shared-lib promises every service.
 */
class ServiceServerIT {
    static final String SPEC = "/dev/portalsuite/shared/demo-openapi.yaml";
    static final String SECRET = "password=hunter2 for postgres://admin@db.internal";
    static final Pattern UUID_FORMAT = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    static final int MAX_REQUEST_BYTES = 1024;

    record CreateItemRequest(String name, int quantity, String note) {
    }

    record Item(UUID id, String name, int quantity, Instant createdAt) {
    }

    static final RowMapper<Item> ITEM = (rs, ctx) -> new Item(
            rs.getObject("id", UUID.class), rs.getString("name"), rs.getInt("quantity"),
            rs.getObject("created_at", Timestamp.class).toInstant());

    /** One running demo service. */
    record DemoApp(Javalin app, Database db, Metrics metrics, ApiClient api) implements AutoCloseable {
        @Override
        public void close() {
            app.stop();
            db.close();
        }
    }

    static final TestTokens TOKENS = new TestTokens();
    static final CapturingAppender LOGS = new CapturingAppender();
    static DemoApp demo;
    static ApiClient api;

    @BeforeAll
    static void start() {
        LOGS.start();
        ((Logger) LoggerFactory.getLogger("access")).addAppender(LOGS);
        ((Logger) LoggerFactory.getLogger(ServiceServer.class)).addAppender(LOGS);
        demo = startDemo("127.0.0.1", openDatabase(new Metrics("demo")));
        api = demo.api();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
        ((Logger) LoggerFactory.getLogger("access")).detachAppender(LOGS);
        ((Logger) LoggerFactory.getLogger(ServiceServer.class)).detachAppender(LOGS);
    }

    record Opened(Database db, Metrics metrics) {
    }

    static Opened openDatabase(Metrics metrics) {
        return new Opened(Database.open(TestPostgres.newDatabase(), "demo", metrics.registry()), metrics);
    }

    static DemoApp startDemo(String host, Opened opened) {
        Database db = opened.db();
        Metrics metrics = opened.metrics();
        ObjectMapper mapper = Json.newObjectMapper();
        Requests requests = new Requests(mapper);
        TokenVerifier verifier = TokenVerifier.withKeys(
                Map.of(TOKENS.key().kid(), TOKENS.key().publicKey()), TestTokens.SETTINGS, Clock.systemUTC());
        Javalin app = ServiceServer.forService("/api/demo")
                .objectMapper(mapper)
                .metrics(metrics)
                .accessControl(new AccessControl(verifier, principal -> true))
                .trustedProxies(TrustedProxies.parse("TRUSTED_PROXIES", "127.0.0.1/32,::1/128"))
                .openApi(SPEC)
                .maxRequestBytes(MAX_REQUEST_BYTES)
                .readiness("database", db::isReachable)
                .routes(r -> {
                    r.get("/api/demo/items", ctx -> {
                        Pagination page = Pagination.from(ctx);
                        List<Item> items = db.jdbi().withHandle(h -> h.createQuery(
                                        "SELECT id, name, quantity, created_at FROM item ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                                .bind("limit", page.limit()).bind("offset", page.offset()).map(ITEM).list());
                        long total = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM item").mapTo(Long.class).one());
                        ctx.json(Page.of(items, total, page));
                    });
                    r.post("/api/demo/items", ctx -> {
                        CreateItemRequest body = requests.body(ctx, CreateItemRequest.class);
                        if (body.name() == null || body.name().isBlank()) {
                            throw ApiException.invalidField("name", "is required");
                        }
                        Item item = db.jdbi().withHandle(h -> h.createQuery(
                                        "INSERT INTO item (id, name, quantity) VALUES (:id, :name, :quantity) "
                                                + "RETURNING id, name, quantity, created_at")
                                .bind("id", UUID.randomUUID()).bind("name", body.name()).bind("quantity", body.quantity())
                                .map(ITEM).one());
                        ctx.status(201).json(item);
                    });
                    r.get("/api/demo/items/{id}", ctx -> {
                        UUID id = Requests.uuidPath(ctx, "id");
                        Item item = db.jdbi().withHandle(h -> h.createQuery(
                                        "SELECT id, name, quantity, created_at FROM item WHERE id = :id")
                                .bind("id", id).map(ITEM).findOne())
                                .orElseThrow(() -> ApiException.notFound("No item with this id."));
                        ctx.json(item);
                    });
                    r.get("/api/demo/admin", ctx -> ctx.json(Map.of("status", "ok")), Role.ADMIN);
                    r.get("/api/demo/me", ctx -> {
                        Principal principal = AccessControl.principal(ctx);
                        Map<String, Object> me = new HashMap<>();
                        me.put("subject", principal.subject());
                        me.put("roles", principal.roles().stream().sorted().toList());
                        me.put("org", principal.orgId());
                        ctx.json(me);
                    }, Access.AUTHENTICATED);
                    r.get("/api/demo/boom", ctx -> {
                        throw new IllegalStateException(SECRET);
                    });
                    r.get("/api/demo/ip", ctx -> ctx.json(Map.of("ip", ctx.ip())));
                })
                .build();
        app.start(host, 0);
        String hostInUrl = host.contains(":") ? "[" + host + "]" : host;
        return new DemoApp(app, db, metrics, new ApiClient("http://" + hostInUrl + ":" + app.port(), SPEC));
    }

    static String userToken(String... roles) {
        return TOKENS.user(UUID.randomUUID(), List.of(roles), null, null);
    }

    static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("type").asText()).isEqualTo("about:blank");
        assertThat(body.path("requestId").asText()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("SQL");
    }

    static ApiResponse createItem(String name, int quantity) {
        ApiResponse created = api.post("/api/demo/items").json("{\"name\":\"" + name + "\",\"quantity\":" + quantity + "}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    // ------------------------------------------------------------------ request ids

    @Test
    void apiAnswersAreNotStoredByCaches() {
        assertThat(api.get("/api/demo/items").send().header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/api/demo/items/" + UUID.randomUUID()).send().header("Cache-Control")).isEqualTo("no-store");
        assertThat(api.get("/api/demo/openapi.yaml").send().header("Cache-Control")).as("a route's own choice wins")
                .isEqualTo("no-cache");
    }

    /** Requests Jetty refuses before Javalin sees them still get problem+json and a request id. */
    @Test
    void requestsTheHttpServerItselfRefusesAreProblemsToo() throws IOException {
        int port = Integer.parseInt(api.baseUrl().replaceAll(".*:(\\d+).*", "$1"));
        for (String request : List.of(
                "GET /api/demo/items/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/demo/items/%C3%28 HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/demo/items?" + "q".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/demo/items HTTP/1.1\r\nHost: x\r\nX-Big: " + "h".repeat(20_000) + "\r\n\r\n")) {
            RawResponse response = raw(port, request);
            String what = request.substring(0, Math.min(60, request.length()));
            assertThat(response.status()).as(what).isBetween(400, 499);
            assertThat(response.headers()).as(what).containsIgnoringCase("content-type: application/problem+json")
                    .containsIgnoringCase("x-request-id: ");
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.get("status").asInt()).as(what).isEqualTo(response.status());
            assertThat(body.get("title").asText()).isNotBlank();
            assertThat(body.get("requestId").asText()).matches(UUID_FORMAT);
        }
    }

    record RawResponse(int status, String headers, String body) {
    }

    private static RawResponse raw(int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int status = Integer.parseInt(in.readLine().split(" ")[1]);
            StringBuilder headers = new StringBuilder();
            int length = -1;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                headers.append(line).append('\n');
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[Math.max(length, 0)];
            int read = 0;
            while (read < body.length) {
                int n = in.read(body, read, body.length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            return new RawResponse(status, headers.toString(), new String(body, 0, read));
        }
    }

    @Test
    void requestIdIsGeneratedWhenAbsent() {
        ApiResponse response = api.get("/health/live").send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Request-Id")).matches(UUID_FORMAT);
        assertThat(api.get("/health/live").send().header("X-Request-Id")).isNotEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void wellFormedRequestIdIsEchoedInHeaderProblemAndLogs() {
        ApiResponse ok = api.get("/health/live").header("X-Request-Id", "edge-01:abc_123.x").send();
        assertThat(ok.header("X-Request-Id")).isEqualTo("edge-01:abc_123.x");

        ApiResponse problem = api.get("/api/demo/items/" + UUID.randomUUID()).header("X-Request-Id", "trace-4711").send();
        assertProblem(problem, 404);
        assertThat(problem.header("X-Request-Id")).isEqualTo("trace-4711");
        assertThat(problem.json().path("requestId").asText()).isEqualTo("trace-4711");

        ILoggingEvent access = LOGS.await(e -> e.getLoggerName().equals("access")
                && "trace-4711".equals(e.getMDCPropertyMap().get("requestId")));
        assertThat(keyValues(access)).containsEntry("status", "404").containsEntry("route", "/api/demo/items/{id}")
                .containsEntry("method", "GET");
    }

    @Test
    void malformedRequestIdIsReplaced() {
        for (String bad : new String[] {"has spaces in it", "a".repeat(300), "semi;colon", "a/b", "x\"y"}) {
            ApiResponse response = api.get("/health/live").header("X-Request-Id", bad).send();
            assertThat(response.header("X-Request-Id")).as(bad).matches(UUID_FORMAT);
        }
        ApiResponse atLimit = api.get("/health/live").header("X-Request-Id", "b".repeat(128)).send();
        assertThat(atLimit.header("X-Request-Id")).isEqualTo("b".repeat(128));
    }

    // ------------------------------------------------------------------ the happy path over the database

    @Test
    void publicRoutesReadAndWriteTheDatabase() {
        ApiResponse created = createItem("Flour " + UUID.randomUUID(), 3);
        JsonNode item = created.json();
        assertThat(item.path("quantity").asInt()).isEqualTo(3);
        assertThat(item.path("createdAt").asText()).endsWith("Z");

        ApiResponse one = api.get("/api/demo/items/" + item.path("id").asText()).send();
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("name").asText()).isEqualTo(item.path("name").asText());

        ApiResponse page = api.get("/api/demo/items").query("limit", 200).send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("limit").asInt()).isEqualTo(200);
        assertThat(page.json().path("offset").asInt()).isZero();
        assertThat(page.json().path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(page.json().path("items").findValuesAsText("id")).contains(item.path("id").asText());
        assertThat(api.get("/api/demo/items").send().json().path("limit").asInt()).isEqualTo(Pagination.DEFAULT_LIMIT);
    }

    @Test
    void badPaginationAndPathParametersAre400WithFieldNames() {
        ApiResponse tooMany = api.get("/api/demo/items").query("limit", 500).invalidRequest().send();
        assertProblem(tooMany, 400);
        assertThat(tooMany.json().path("errors").get(0).path("field").asText()).isEqualTo("limit");

        ApiResponse both = api.get("/api/demo/items").query("limit", "x").query("offset", -1).invalidRequest().send();
        assertProblem(both, 400);
        assertThat(both.json().path("errors").findValuesAsText("field")).containsExactly("limit", "offset");

        ApiResponse badId = api.get("/api/demo/items/not-a-uuid").send();
        assertProblem(badId, 400);
        assertThat(badId.json().path("errors").get(0).path("field").asText()).isEqualTo("id");
    }

    // ------------------------------------------------------------------ problem+json for every failure

    @Test
    void unknownPathIs404Problem() {
        ApiResponse response = api.get("/api/demo/no-such-thing").outsideContract().send();

        assertProblem(response, 404);
        assertThat(response.json().path("instance").asText()).isEqualTo("/api/demo/no-such-thing");
        assertProblem(api.get("/").outsideContract().send(), 404);
    }

    @Test
    void wrongMethodIs405Problem() {
        ApiResponse response = api.delete("/api/demo/items").outsideContract().send();

        assertProblem(response, 405);
    }

    @Test
    void wrongMethodListsTheAllowedMethods() {
        ApiResponse response = api.delete("/api/demo/items").outsideContract().send();

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).contains("GET").contains("POST");
    }

    @Test
    void malformedJsonIs400() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": \"x\", ").invalidRequest().send();

        assertProblem(response, 400);
        assertProblem(api.post("/api/demo/items").json("{\"name\":\"x\",\"quantity\":1} {}").invalidRequest().send(), 400);
        assertProblem(api.post("/api/demo/items").json("[1,2]").invalidRequest().send(), 400);
        assertProblem(api.post("/api/demo/items").json("").invalidRequest().send(), 400);
        assertProblem(api.post("/api/demo/items").json("null").invalidRequest().send(), 400);
    }

    @Test
    void mistypedFieldIs400NamingTheField() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": 42, \"quantity\": 1}").invalidRequest().send();

        assertProblem(response, 400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("name");

        ApiResponse quantity = api.post("/api/demo/items").json("{\"name\": \"x\", \"quantity\": \"1\"}").invalidRequest().send();
        assertProblem(quantity, 400);
        assertThat(quantity.json().path("errors").get(0).path("field").asText()).isEqualTo("quantity");
    }

    @Test
    void missingRequiredNumberIs400NamingTheField() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": \"x\"}").invalidRequest().send();

        assertProblem(response, 400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("quantity");
    }

    @Test
    void fractionalNumberForAnIntegerFieldIs400() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": \"fraction\", \"quantity\": 1.5}")
                .invalidRequest().send();

        assertProblem(response, 400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("quantity");
    }

    @Test
    void aNumberOutOfRangeIs400NamingTheFieldNotInvalidJson() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": \"big\", \"quantity\": 2147483648}")
                .invalidRequest().send();

        assertProblem(response, 400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("quantity");
        assertThat(response.json().path("errors").get(0).path("message").asText()).isEqualTo("is out of range");
    }

    @Test
    void textThatIsNotUnicodeIsRefusedRatherThanStoredAsQuestionMarks() {
        ApiResponse lone = api.post("/api/demo/items").json("{\"name\": \"x\\ud800y\", \"quantity\": 1}")
                .invalidRequest().send();
        assertProblem(lone, 400);
        assertThat(lone.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
        assertThat(lone.json().path("errors").get(0).path("message").asText()).contains("unpaired surrogate");

        // a proper pair (an emoji written as escapes) is fine
        ApiResponse pair = api.post("/api/demo/items").json("{\"name\": \"x\\ud83d\\ude00y\", \"quantity\": 1}").send();
        assertThat(pair.status()).as("%s", pair).isEqualTo(201);
        assertThat(pair.json().get("name").asText()).isEqualTo("x\ud83d\ude00y");
    }

    @Test
    void unknownFieldIs400NamingTheField() {
        ApiResponse response = api.post("/api/demo/items").json("{\"name\": \"x\", \"quantity\": 1, \"isAdmin\": true}")
                .invalidRequest().send();

        assertProblem(response, 400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("isAdmin");
    }

    @Test
    void nonJsonBodyIs415() {
        ApiResponse response = api.post("/api/demo/items")
                .body("name=x&quantity=1".getBytes(StandardCharsets.UTF_8), "text/plain").invalidRequest().send();

        assertProblem(response, 415);
        assertProblem(api.post("/api/demo/items").invalidRequest().send(), 415); // no body, no content type
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"name\":\"" + "x".repeat(10 * 1024) + "\",\"quantity\":1}";

        ApiResponse response = api.post("/api/demo/items").json(big).invalidRequest().send();

        assertProblem(response, 413);
    }

    @Test
    void chunkedBodyOverTheLimitIs413Too() throws IOException {
        byte[] big = ("{\"name\":\"" + "x".repeat(64 * 1024) + "\",\"quantity\":1}").getBytes(StandardCharsets.UTF_8);
        RequestBody chunked = new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public long contentLength() {
                return -1; // no Content-Length: Transfer-Encoding: chunked
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(big);
            }
        };
        OkHttpClient client = new OkHttpClient();
        try (Response response = client.newCall(new Request.Builder()
                .url(api.baseUrl() + "/api/demo/items").post(chunked).build()).execute()) {
            assertThat(response.code()).isEqualTo(413);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        }
        long stored = demo.db().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM item WHERE length(name) > 1000")
                .mapTo(Long.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void unexpectedExceptionIs500WithoutLeakingDetails() {
        ApiResponse response = api.get("/api/demo/boom").header("X-Request-Id", "boom-1").send();

        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain(SECRET).doesNotContain("IllegalState")
                .doesNotContain("Exception").doesNotContain("dev.portalsuite");
        assertThat(response.json().path("requestId").asText()).isEqualTo("boom-1");
        // the operator still gets the details, tagged with the request id
        ILoggingEvent error = LOGS.await(e -> e.getLoggerName().equals(ServiceServer.class.getName())
                && "boom-1".equals(e.getMDCPropertyMap().get("requestId")));
        assertThat(error.getThrowableProxy().getMessage()).isEqualTo(SECRET);
    }

    // ------------------------------------------------------------------ route roles

    @Test
    void protectedRouteWithoutTokenIs401WithBearerChallenge() {
        for (ApiClient.Call call : List.of(
                api.get("/api/demo/admin"),
                api.get("/api/demo/me"),
                api.get("/api/demo/me").header("Authorization", "Basic YWRtaW46YWRtaW4=").invalidRequest(),
                api.get("/api/demo/me").bearer("not-a-jwt"),
                api.get("/api/demo/me").bearer(""))) {
            ApiResponse response = call.send();
            assertProblem(response, 401);
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void tokenFromAnotherKeyIs401() {
        String foreign = new TestTokens().user(UUID.randomUUID(), List.of("admin"), null, null);

        assertProblem(api.get("/api/demo/admin").bearer(foreign).send(), 401);
    }

    @Test
    void wrongRoleIs403AndRightRolePasses() {
        assertProblem(api.get("/api/demo/admin").bearer(userToken("user", "msp")).send(), 403);
        assertProblem(api.get("/api/demo/admin").bearer(TOKENS.service("heimdal-sync", List.of("sync"))).send(), 403);

        ApiResponse admin = api.get("/api/demo/admin").bearer(userToken("admin")).send();
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void authenticatedRouteAcceptsAnyValidTokenAndSeesThePrincipal() {
        UUID user = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        ApiResponse response = api.get("/api/demo/me").bearer(TOKENS.user(user, List.of("client"), org, "CLIENT")).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("subject").asText()).isEqualTo(user.toString());
        assertThat(response.json().path("org").asText()).isEqualTo(org.toString());
        assertThat(response.json().path("roles").get(0).asText()).isEqualTo("client");

        ApiResponse service = api.get("/api/demo/me").bearer(TOKENS.service("heimdal-sync", List.of("sync"))).send();
        assertThat(service.status()).isEqualTo(200);
        assertThat(service.json().path("subject").asText()).isEqualTo("heimdal-sync");
    }

    @Test
    void accessLogNeverContainsTheToken() {
        String token = userToken("admin");
        api.get("/api/demo/admin").bearer(token).header("X-Request-Id", "log-token-1").query("limit", 1).send();

        ILoggingEvent access = LOGS.await(e -> e.getLoggerName().equals("access")
                && "log-token-1".equals(e.getMDCPropertyMap().get("requestId")));
        String everything = access.getFormattedMessage() + " " + keyValues(access);
        assertThat(everything).doesNotContain(token).doesNotContain(token.split("\\.")[2]).doesNotContain("limit=1");
        assertThat(keyValues(access)).containsEntry("status", "200").containsEntry("path", "/api/demo/admin")
                .containsEntry("ip", "127.0.0.1");
    }

    // ------------------------------------------------------------------ client address behind a proxy

    @Test
    void clientIpComesFromForwardedForOnlyThroughATrustedProxy() {
        assertThat(api.get("/api/demo/ip").send().json().path("ip").asText()).isEqualTo("127.0.0.1");
        // the test client connects from 127.0.0.1, which the demo trusts as a proxy
        assertThat(api.get("/api/demo/ip").header("X-Forwarded-For", "6.6.6.6, 198.51.100.7").send()
                .json().path("ip").asText()).isEqualTo("198.51.100.7");
    }

    @Test
    void ipv6ProxyPeerIsTrusted() {
        try (DemoApp v6 = startDemo("::1", openDatabase(new Metrics("demo")))) {
            assertThat(v6.api().get("/api/demo/ip").header("X-Forwarded-For", "198.51.100.7").send()
                    .json().path("ip").asText()).isEqualTo("198.51.100.7");
        }
    }

    // ------------------------------------------------------------------ health, metrics, docs

    @Test
    void healthEndpoints() {
        ApiResponse live = api.get("/health/live").send();
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.json().path("status").asText()).isEqualTo("UP");

        ApiResponse ready = api.get("/health/ready").send();
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("UP");
        assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("UP");
    }

    @Test
    void metricsExposeRouteTimersJvmAndPool() throws InterruptedException {
        createItem("metric-probe", 1);
        api.get("/api/demo/items/" + UUID.randomUUID()).send();
        String randomPath = "/api/demo/nope-" + UUID.randomUUID();
        api.get(randomPath).outsideContract().send();

        String metrics = awaitMetrics(text -> text.contains("route=\"/api/demo/items/{id}\""));

        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count")))
                .anyMatch(l -> l.contains("route=\"/api/demo/items/{id}\"") && l.contains("status=\"404\""))
                .anyMatch(l -> l.contains("route=\"/api/demo/items\"") && l.contains("method=\"POST\"")
                        && l.contains("status=\"201\""));
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("hikaricp_connections")
                .contains("pool=\"demo\"").contains("service=\"demo\"");
        // raw paths never become label values (unbounded cardinality)
        assertThat(metrics).doesNotContain(randomPath);
    }

    private static String awaitMetrics(Predicate<String> condition) throws InterruptedException {
        String text = "";
        for (int i = 0; i < 50; i++) {
            ApiResponse response = api.get("/metrics").send();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/plain");
            text = response.body();
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("metrics never matched:\n" + text);
    }

    @Test
    void apiDocsServeTheSpecSwaggerUiAndItsAssets() throws IOException {
        ApiResponse spec = api.get("/api/demo/openapi.yaml").send();
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.contentType()).startsWith("application/yaml");
        try (InputStream in = ServiceServerIT.class.getResourceAsStream(SPEC)) {
            assertThat(spec.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        ApiResponse docs = api.get("/api/demo/docs").send();
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.contentType()).startsWith("text/html");
        assertThat(docs.body()).contains("swagger-ui").contains("/api/demo/openapi.yaml")
                .contains("/api/demo/docs/assets/swagger-ui-bundle.js");

        ApiResponse css = api.get("/api/demo/docs/assets/swagger-ui.css").send();
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains(".swagger-ui");

        ApiResponse js = api.get("/api/demo/docs/assets/swagger-ui-bundle.js").send();
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.contentType()).startsWith("text/javascript");

        assertProblem(api.get("/api/demo/docs/assets/pom.properties").send(), 404);
    }

    // ------------------------------------------------------------------ database down

    @Test
    void readinessTurns503WhenTheDatabaseIsClosed() {
        try (DemoApp own = startDemo("127.0.0.1", openDatabase(new Metrics("demo")))) {
            assertThat(own.api().get("/health/ready").send().status()).isEqualTo(200);

            own.db().close();

            ApiResponse ready = own.api().get("/health/ready").send();
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("DOWN");
            assertThat(own.api().get("/health/live").send().status()).isEqualTo(200);
        }
    }

    @Test
    void requestsGet503WhenPostgresStopsAcceptingConnections() throws Exception {
        DatabaseConfig config = TestPostgres.newDatabase();
        Metrics metrics = new Metrics("demo");
        try (DemoApp own = startDemo("127.0.0.1", new Opened(Database.open(config, "demo", metrics.registry()), metrics))) {
            assertThat(own.api().get("/api/demo/items").send().status()).isEqualTo(200);

            // a real outage: the database refuses new connections and the pool's connections are killed
            String name;
            try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                name = connection.getCatalog();
            }
            String adminUrl = config.jdbcUrl().replace("/" + name, "/postgres");
            try (Connection admin = DriverManager.getConnection(adminUrl, config.user(), config.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }

            ApiResponse list = own.api().get("/api/demo/items").send();
            assertProblem(list, 503);
            assertThat(list.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void requestsNeedingTheDatabaseGet503ProblemWhenItIsClosed() {
        try (DemoApp own = startDemo("127.0.0.1", openDatabase(new Metrics("demo")))) {
            own.db().close();

            ApiResponse list = own.api().get("/api/demo/items").send();
            assertProblem(list, 503);
            assertThat(list.header("Retry-After")).isNotBlank();
            ApiResponse create = own.api().post("/api/demo/items").json("{\"name\":\"x\",\"quantity\":1}").send();
            assertProblem(create, 503);
        }
    }

    // ------------------------------------------------------------------ helpers

    static Map<String, String> keyValues(ILoggingEvent event) {
        Map<String, String> values = new HashMap<>();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> values.put(kv.key, String.valueOf(kv.value)));
        }
        return values;
    }

    /** Keeps log events with their MDC captured on the logging thread. */
    static final class CapturingAppender extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }

        ILoggingEvent await(Predicate<ILoggingEvent> condition) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            while (Instant.now().isBefore(deadline)) {
                for (ILoggingEvent event : events) {
                    if (condition.test(event)) {
                        return event;
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new AssertionError("no matching log event among " + events.size());
        }
    }
}
