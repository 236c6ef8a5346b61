package dev.portalsuite.deploy.e2e;

import static dev.portalsuite.deploy.e2e.Cluster.Service.AUTH;
import static dev.portalsuite.deploy.e2e.Cluster.Service.FRESHNESS;
import static dev.portalsuite.deploy.e2e.Cluster.Service.PORTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.deploy.e2e.AccessLog.Line;
import dev.portalsuite.deploy.e2e.Cluster.Instance;
import dev.portalsuite.deploy.e2e.Cluster.Service;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.sync.SyncConfig;
import dev.portalsuite.sync.SyncJob;
import dev.portalsuite.sync.job.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite end to end through a real nginx, rendered from the local template by the launcher's own code, in
 * front of TWO in-process instances each of auth-service, portal-service, freshness-service and web-console on ONE
 * PostgreSQL database. Every request of the test goes to nginx's one origin; which instance answered is read from nginx's
 * access log (the upstream address, matched by the X-Request-Id the test sends) and from each instance's own
 * {@code /metrics}. The only fake is Heimdal.
 *
 * <p>The tests are the steps of one journey on one running cluster (one test instance for the class, in
 * {@link Order} order); each one's name says what it proves. After a failed step of the journey its later steps
 * are skipped rather than failed again.
 *
 * <p>Without nginx the test is skipped, except when {@code CI=true}: then it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String HEIMDAL_KEY = "hk_e2e_" + Long.toHexString(System.nanoTime());
    private static final String HEIMDAL_ACCOUNT = "e2e-mssp";

    @TempDir
    static Path workDir;
    private static Cluster cluster;
    private static AccessLog log;
    private static final List<Caller> callers = new ArrayList<>();

    /** A request the test sent: which service must have answered it, and whether one instance of each was stopped. */
    private record Sent(String requestId, Service service, boolean afterStop) {
    }

    private static final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Set once one instance of each service was stopped. */
    private static volatile boolean afterStop;

    @BeforeAll
    static void start() throws IOException {
        Optional<Path> nginx = Cluster.nginxBinary();
        if (nginx.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("nginx is not installed, but CI=true: the end-to-end test must run in CI. Install nginx "
                        + "(apt-get install -y nginx; .ci/run does) or point NGINX_BIN at it.");
            }
            Assumptions.abort("nginx is not installed (apt-get install nginx / brew install nginx): end-to-end test skipped");
        }
        cluster = Cluster.start(nginx.get(), workDir);
        log = new AccessLog(cluster.nginx().accessLog());
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster == null) {
            return;
        }
        try {
            callers.forEach(Caller::assertNoViolations);
            // whatever else went through nginx (the sync job, JWKS fetches, auth asking portal): never a server error
            for (Line line : log.lines()) {
                assertThat(line.status()).as("nginx answered %s", line).isLessThan(500);
                assertThat(line.upstreamStatuses()).as("an instance answered 500: %s", line).doesNotContain("500");
            }
            String errors = Files.readString(cluster.nginx().errorLog());
            assertThat(errors).as("nginx error log").doesNotContain("[emerg]", "[crit]", "[alert]");
        } finally {
            cluster.close();
        }
    }

    private static Caller caller(String name, int lastOctet) {
        Caller caller = new Caller(name, "127.0.0." + lastOctet, cluster.origin());
        callers.add(caller);
        return caller;
    }

    // ------------------------------------------------------------------ the edge itself

    /**
     * What nginx does on its own: the routes of DESIGN.md and nothing else (health and metrics stay per instance),
     * the request id, the client address it forwards, compression, and its body limit.
     */
    @Test
    @Order(0)
    void edgeRoutesRequestIdsClientAddressCompressionAndBodyLimit() throws IOException {
        Caller visitor = caller("visitor", 40);
        try (Response landing = raw(visitor, new Request.Builder().url(cluster.origin() + "/"))) {
            assertThat(landing.code()).isEqualTo(200);
            assertThat(landing.header("Content-Type")).startsWith("text/html");
            assertThat(landing.body().string()).contains("Portal Suite", "<h1>Sign in</h1>");
        }
        // page addresses belong to the web console: an unknown one is its HTML 404 page
        try (Response page = raw(visitor, new Request.Builder().url(cluster.origin() + "/admin/nothing-here"))) {
            assertThat(page.code()).isEqualTo(404);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
        }
        for (String path : List.of("/health/ready", "/health/live", "/metrics", "/api/unknown")) {
            try (Response notRouted = raw(visitor, new Request.Builder().url(cluster.origin() + path).header("X-Request-Id", "edge-" + path.hashCode()))) {
                assertThat(notRouted.code()).as(path).isEqualTo(404);
                assertThat(notRouted.header("Content-Type")).isEqualTo("application/problem+json");
                JsonNode problem = JSON.readTree(notRouted.body().string());
                assertThat(problem.get("title").asText()).isEqualTo("Not Found");
                assertThat(problem.get("requestId").asText()).isEqualTo("edge-" + path.hashCode());
            }
            assertThat(log.await("edge-" + path.hashCode()).answeredByEdge()).as("no instance asked for %s", path).isTrue();
        }
        JsonNode jwks = expect(send(visitor.auth().get("/.well-known/jwks.json"), AUTH), 200).json();
        assertThat(jwks.get("keys")).hasSize(1);

        // a malformed X-Request-Id is replaced by nginx's own, which the instance then uses too
        try (Response replaced = raw(visitor, new Request.Builder().url(cluster.origin() + "/api/auth/openapi.yaml")
                .header("X-Request-Id", "not ok; <script>"))) {
            assertThat(replaced.code()).isEqualTo(200);
            assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f]{32}");
            assertThat(replaced.headers("X-Request-Id")).hasSize(1);
        }

        // the instances see the client's address, not nginx's and not what the client claims in X-Forwarded-For
        JsonNode pair = expect(send(visitor.auth().post("/api/auth/register").header("X-Forwarded-For", "203.0.113.99")
                .json(credentials("visitor@e2e.test", "Visitor-Password-1", "Visitor")), AUTH), 201).json();
        JsonNode sessions = expect(send(visitor.auth().get("/api/auth/sessions").bearer(pair.get("accessToken").asText()), AUTH), 200).json();
        assertThat(sessions.get("items").get(0).get("ip").asText()).isEqualTo(visitor.address());

        // compression by nginx for clients that accept it (the instances are asked for plain bytes)
        for (String svc : List.of("auth", "portal", "freshness")) {
            for (String encoding : List.of("gzip", "identity")) {
                try (Response spec = raw(visitor, new Request.Builder().url(cluster.origin() + "/api/" + svc + "/openapi.yaml")
                        .header("Accept-Encoding", encoding))) {
                    assertThat(spec.code()).isEqualTo(200);
                    assertThat(spec.header("Content-Encoding")).as(svc + " " + encoding).isEqualTo(encoding.equals("gzip") ? "gzip" : null);
                    assertThat(String.join(",", spec.headers("Vary"))).contains("Accept-Encoding");
                }
            }
        }

        // the body limit: 1 MB in general (4 MB for portal-service's sync batches), answered by nginx as a problem
        byte[] large = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'a');
        try (Response tooLarge = raw(visitor, new Request.Builder().url(cluster.origin() + "/api/auth/register")
                .header("X-Request-Id", "edge-too-large").post(RequestBody.create(large, MediaType.get("application/json"))))) {
            assertThat(tooLarge.code()).isEqualTo(413);
            assertThat(tooLarge.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(JSON.readTree(tooLarge.body().string()).get("status").asInt()).isEqualTo(413);
        }
        assertThat(log.await("edge-too-large").answeredByEdge()).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response raw(Caller caller, Request.Builder request) throws IOException {
        return caller.http().newCall(request.build()).execute();
    }

    // ------------------------------------------------------------------ lockout and rate limits

    /**
     * Lockout and the services' per-client rate limit are kept in PostgreSQL, so they hold when guesses alternate
     * between the two auth instances; nginx's own limit_req answers floods before any instance is asked. Each
     * answer is attributed exactly to the layer that gave it.
     */
    @Test
    @Order(1)
    void lockoutAndRateLimitsHoldAcrossInstancesAndLayers() {
        Caller registrar = caller("registrar", 20);
        String victim = "victim@e2e.test";
        String password = "Victim-Password-e2e-1";
        expect(send(registrar.auth().post("/api/auth/register").json(credentials(victim, password, "Victim")), AUTH), 201);

        // five wrong passwords alternate between the instances; the sixth attempt, even with the right password, is locked
        Caller guesser = caller("guesser", 21);
        List<String> guesses = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ApiResponse wrong = send(guesser.auth().post("/api/auth/login").json(login(victim, "Wrong-guess-" + i)), AUTH);
            expect(wrong, 401);
            assertThat(wrong.json().get("detail").asText()).isEqualTo("Invalid credentials.");
            guesses.add(requestId(wrong));
        }
        ApiResponse locked = send(guesser.auth().post("/api/auth/login").json(login(victim, password)), AUTH);
        expect(locked, 423);
        assertThat(locked.header("Retry-After")).matches("\\d+");
        guesses.add(requestId(locked));
        List<Line> guessLines = log.await(guesses);
        assertAlternating(guessLines, AUTH);
        assertThat(guessLines).allSatisfy(line -> {
            assertThat(line.limit()).as("nginx let every guess through").isEqualTo("PASSED");
            assertThat(line.remoteAddr()).isEqualTo(guesser.address());
        });

        // the services' limit: 10 logins per client address; the 11th is the service's 429, whichever instance answers
        Caller scanner = caller("scanner", 22);
        List<String> scans = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            ApiResponse answer = send(scanner.auth().post("/api/auth/login").json(login("nobody" + i + "@e2e.test", "Some-password-1")), AUTH);
            expect(answer, i <= 10 ? 401 : 429);
            scans.add(requestId(answer));
            if (i == 11) {
                assertServiceLimit(answer);
            }
        }
        List<Line> scanLines = log.await(scans);
        assertAlternating(scanLines, AUTH);
        assertThat(scanLines).allSatisfy(line -> assertThat(line.limit()).isEqualTo("PASSED"));
        assertThat(scanLines.get(10).upstreamStatuses()).containsExactly("429");

        // a flood: nginx's limit (burst 20 at 1 r/s per address) answers once its bucket is full, without asking anyone
        Caller flooder = caller("flooder", 23);
        Map<Instance, Long> before = loginCounts();
        List<ApiResponse> flood = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            flood.add(send(flooder.auth().post("/api/auth/login").json(login("flood" + i + "@e2e.test", "Some-password-1")), AUTH));
        }
        List<Line> floodLines = log.await(flood.stream().map(EndToEndIT::requestId).toList());
        int reachedServices = 0;
        int edgeAnswers = 0;
        for (int i = 0; i < flood.size(); i++) {
            ApiResponse answer = flood.get(i);
            Line line = floodLines.get(i);
            if (line.answeredByEdge()) {
                edgeAnswers++;
                assertThat(line.limit()).isEqualTo("REJECTED");
                assertEdgeLimit(answer);
            } else {
                reachedServices++;
                assertThat(line.limit()).isEqualTo("PASSED");
                assertThat(answer.status()).as("the services' own answer: 10 logins, then their limit").isEqualTo(reachedServices <= 10 ? 401 : 429);
                if (answer.status() == 429) {
                    assertServiceLimit(answer);
                }
            }
        }
        assertThat(edgeAnswers).as("nginx rejected part of the flood").isPositive();
        assertThat(reachedServices).as("nginx let the burst through").isGreaterThanOrEqualTo(21);
        assertThat(reachedServices + edgeAnswers).isEqualTo(40);
        // the instances counted exactly the requests nginx passed on, and nothing of what it answered itself
        awaitLoginCount(before, reachedServices);

        // the lock is kept in PostgreSQL: still locked at both instances
        List<String> stillLocked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ApiResponse again = send(guesser.auth().post("/api/auth/login").json(login(victim, password)), AUTH);
            expect(again, 423);
            stillLocked.add(requestId(again));
        }
        assertThat(log.await(stillLocked).stream().map(Line::answeredBy).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(addresses(AUTH));
    }

    // ------------------------------------------------------------------ the web console

    /**
     * The web console behind nginx with two instances: a person signs in, and the session works on whichever
     * instance nginx picks for each page (sessions live in PostgreSQL), then signs out on one and is out on both.
     * Not a step of the journey: it needs nothing from the others and hands nothing on.
     */
    @Test
    @Order(2)
    void aConsoleSessionWorksOnBothConsoleInstancesAndSignOutEndsItOnBoth() throws IOException {
        Map<String, List<okhttp3.Cookie>> jar = new java.util.concurrent.ConcurrentHashMap<>();
        okhttp3.OkHttpClient browser = new okhttp3.OkHttpClient.Builder().followRedirects(false)
                .cookieJar(new okhttp3.CookieJar() {
                    @Override
                    public void saveFromResponse(okhttp3.HttpUrl url, List<okhttp3.Cookie> cookies) {
                        cookies.forEach(c -> jar.put(c.name(), List.of(c)));
                    }

                    @Override
                    public List<okhttp3.Cookie> loadForRequest(okhttp3.HttpUrl url) {
                        return jar.values().stream().flatMap(List::stream)
                                .filter(c -> c.expiresAt() > System.currentTimeMillis()).toList();
                    }
                }).build();
        String csrf;
        try (Response login = browser.newCall(new Request.Builder().url(cluster.origin() + "/login").build()).execute()) {
            assertThat(login.code()).isEqualTo(200);
            csrf = login.body().string().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        }
        okhttp3.FormBody form = new okhttp3.FormBody.Builder().add("_csrf", csrf).add("email", Cluster.ADMIN_EMAIL)
                .add("password", Cluster.ADMIN_PASSWORD).build();
        try (Response signIn = browser.newCall(new Request.Builder().url(cluster.origin() + "/login").post(form)
                .header("Origin", cluster.origin()).header("Sec-Fetch-Site", "same-origin").build()).execute()) {
            assertThat(signIn.code()).isEqualTo(303);
            assertThat(signIn.header("Location")).isEqualTo("/");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = "console-page-" + i;
            ids.add(id);
            try (Response page = browser.newCall(new Request.Builder().url(cluster.origin() + "/orgs")
                    .header("X-Request-Id", id).build()).execute()) {
                assertThat(page.code()).isEqualTo(200);
                assertThat(page.body().string()).contains("Organisations in your scope");
                assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            }
        }
        // the console passes the request id on to the APIs it calls, so each id is logged for the page and its API calls
        List<Line> pages = List.of();
        for (int attempt = 0; attempt < 50 && pages.size() < ids.size(); attempt++) {
            pages = log.lines().stream().filter(l -> ids.contains(l.requestId()) && l.uri().equals("/orgs")).toList();
            if (pages.size() < ids.size()) {
                sleep(100);
            }
        }
        assertThat(pages).hasSize(ids.size());
        assertThat(log.lines().stream().filter(l -> ids.contains(l.requestId()) && l.uri().startsWith("/api/portal/")))
                .as("the console's API calls carry the page's request id").isNotEmpty();
        Set<String> answeredBy = pages.stream().map(Line::answeredBy).collect(Collectors.toSet());
        assertThat(answeredBy).containsExactlyInAnyOrderElementsOf(cluster.instances(Service.CONSOLE).stream()
                .map(Instance::address).toList());

        String token;
        try (Response page = browser.newCall(new Request.Builder().url(cluster.origin() + "/").build()).execute()) {
            token = page.body().string().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        }
        try (Response out = browser.newCall(new Request.Builder().url(cluster.origin() + "/logout")
                .post(new okhttp3.FormBody.Builder().add("_csrf", token).build())
                .header("Origin", cluster.origin()).header("Sec-Fetch-Site", "same-origin").build()).execute()) {
            assertThat(out.code()).isEqualTo(303);
        }
        List<String> after = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = "console-signed-out-" + i;
            after.add(id);
            try (Response page = browser.newCall(new Request.Builder().url(cluster.origin() + "/orgs")
                    .header("X-Request-Id", id).build()).execute()) {
                assertThat(page.code()).isEqualTo(303);
                assertThat(page.header("Location")).startsWith("/login");
            }
        }
        assertThat(log.await(after).stream().map(Line::answeredBy).collect(Collectors.toSet()))
                .as("signed out at both instances").containsExactlyInAnyOrderElementsOf(addresses(Service.CONSOLE));
    }

    // ------------------------------------------------------------------ the journey, step by step

    private static final int FIRST_JOURNEY_STEP = 3;
    private boolean journeyBroken;

    @RegisterExtension
    final TestWatcher journeyWatcher = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (context.getRequiredTestMethod().getAnnotation(Order.class).value() >= FIRST_JOURNEY_STEP) {
                journeyBroken = true;
            }
        }
    };

    @BeforeEach
    void skipTheRestOfABrokenJourney(TestInfo test) {
        boolean journeyStep = test.getTestMethod().orElseThrow().getAnnotation(Order.class).value() >= FIRST_JOURNEY_STEP;
        Assumptions.assumeFalse(journeyStep && journeyBroken, "an earlier step of the journey failed");
    }

    // what the journey's steps hand on to the next ones
    private Caller admin;
    private Caller msspBrowser;
    private Caller shop;
    private Caller customer;
    private String adminToken;
    private String msspId;
    private String clientSecret;
    private List<ObjectNode> customers;
    private String msspUserPassword;
    private JsonNode msspPair;
    private String msspToken;
    private JsonNode shopPair;
    private String shopToken;
    private String firstCode;
    private Instance authGone;
    private Instance portalGone;
    private Instance freshnessGone;
    private List<Line> readLines;

    /** 1. The admin signs in and creates an MSSP and one MSP by hand. */
    @Test
    @Order(3)
    void adminSignsInAndCreatesAnMsspAndAnMspByHand() {
        admin = caller("admin", 10);
        msspBrowser = caller("mssp-user", 11);
        shop = caller("inventory-user", 12);
        customer = caller("anonymous-customer", 13);

        JsonNode adminPair = expect(send(admin.auth().post("/api/auth/login").json(login(Cluster.ADMIN_EMAIL, Cluster.ADMIN_PASSWORD)), AUTH), 200).json();
        adminToken = adminPair.get("accessToken").asText();
        JsonNode mssp = expect(send(admin.portal().post("/api/portal/orgs").bearer(adminToken)
                .json("{\"type\":\"MSSP\",\"name\":\"E2E Security\"}"), PORTAL), 201).json();
        msspId = mssp.get("id").asText();
        expect(send(admin.portal().post("/api/portal/orgs").bearer(adminToken)
                .json("{\"type\":\"MSP\",\"name\":\"Hand-made MSP\",\"parentId\":\"" + msspId + "\"}"), PORTAL), 201);
    }

    /** 2. A service client for heimdal-sync, then the job (in-process, its URLs = nginx's origin) against a fake Heimdal. */
    @Test
    @Order(4)
    void heimdalSyncThroughNginxImportsTheCustomersOfAFakeHeimdal() {
        JsonNode client = expect(send(admin.auth().post("/api/auth/admin/service-clients").bearer(adminToken)
                .json("{\"clientId\":\"heimdal-sync\",\"scopes\":[\"portal:ingest\"]}"), AUTH), 201).json();
        clientSecret = client.get("clientSecret").asText();
        customers = List.of(
                FakeHeimdal.customer("e2e-r1", "Reseller One", "RESELLER", HEIMDAL_ACCOUNT),
                FakeHeimdal.customer("e2e-c1", "Corp One", "CORP", "e2e-r1").put("purchasedLicenses", 20)
                        .put("activeLicenses", 15).put("devices", 14),
                FakeHeimdal.customer("e2e-c2", "Corp Two", "CORP", "e2e-r1").put("purchasedLicenses", 10),
                FakeHeimdal.customer("e2e-c3", "Corp Direct", "CORP", HEIMDAL_ACCOUNT).put("purchasedLicenses", 5));
        Outcome firstSync;
        try (FakeHeimdal heimdal = new FakeHeimdal(HEIMDAL_KEY, HEIMDAL_ACCOUNT, customers)) {
            firstSync = sync(heimdal, clientSecret, msspId);
            assertThat(heimdal.requests()).as("two pages of two customers").isEqualTo(2);
        }
        assertThat(firstSync.exitCode()).as(firstSync.summaryLine()).isEqualTo(Outcome.OK);
        assertThat(firstSync.inserted()).isEqualTo(4);
        assertThat(firstSync.deactivateMissing()).isTrue();
    }

    /**
     * 3. An MSSP user, invited by the admin (auth-service checks the organisation with portal-service, through
     * nginx), registers and sees the synced organisations on the dashboard.
     */
    @Test
    @Order(5)
    void anInvitedMsspUserRegistersAndSeesTheSyncedOrganisationsOnTheDashboard() {
        msspUserPassword = "Mssp-User-Password-1";
        JsonNode msspInvite = expect(send(admin.auth().post("/api/auth/invites").bearer(adminToken)
                .json("{\"email\":\"mssp.user@e2e.test\",\"role\":\"mssp\",\"orgId\":\"" + msspId + "\"}"), AUTH), 201).json();
        msspPair = expect(send(msspBrowser.auth().post("/api/auth/register").json(credentials("mssp.user@e2e.test",
                msspUserPassword, "MSSP User", msspInvite.get("inviteToken").asText())), AUTH), 201).json();
        assertThat(msspPair.get("user").get("orgId").asText()).isEqualTo(msspId);
        msspToken = msspPair.get("accessToken").asText();
        JsonNode dashboard = expect(send(msspBrowser.portal().get("/api/portal/dashboard").bearer(msspToken), PORTAL), 200).json();
        assertMsspDashboard(dashboard, msspId);
    }

    /** Requests alternate between the instances: a burst to each service, one instance after the other. */
    @Test
    @Order(6)
    void requestsAlternateBetweenTheTwoInstancesOfAService() {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(requestId(expect(send(msspBrowser.portal().get("/api/portal/dashboard").bearer(msspToken), PORTAL), 200)));
        }
        assertAlternating(log.await(burst), PORTAL);
        burst.clear();
        for (int i = 0; i < 6; i++) {
            burst.add(requestId(expect(send(msspBrowser.auth().get("/api/auth/me").bearer(msspToken), AUTH), 200)));
        }
        assertAlternating(log.await(burst), AUTH);
    }

    /** Refresh rotation across instances: rotate at one, rotate again at the other, then a reused token revokes the session. */
    @Test
    @Order(7)
    void refreshRotatesAcrossInstancesAndAReusedTokenRevokesTheSession() {
        String refresh0 = msspPair.get("refreshToken").asText();
        ApiResponse rotated1 = expect(send(msspBrowser.auth().post("/api/auth/refresh").json(refresh(refresh0)), AUTH), 200);
        ApiResponse rotated2 = expect(send(msspBrowser.auth().post("/api/auth/refresh")
                .json(refresh(rotated1.json().get("refreshToken").asText())), AUTH), 200);
        assertThat(log.await(requestId(rotated1)).answeredBy()).isNotEqualTo(log.await(requestId(rotated2)).answeredBy());
        expect(send(msspBrowser.auth().post("/api/auth/refresh").json(refresh(refresh0)), AUTH), 401);
        expect(send(msspBrowser.auth().post("/api/auth/refresh").json(refresh(rotated2.json().get("refreshToken").asText())), AUTH), 401);
        msspPair = expect(send(msspBrowser.auth().post("/api/auth/login").json(login("mssp.user@e2e.test", msspUserPassword)), AUTH), 200).json();
        msspToken = msspPair.get("accessToken").asText();
    }

    /**
     * 4. The MSSP user invites an inventory user into a synced client; that user records a batch. 5. An anonymous
     * customer scans its QR code: nginx's origin, /b/{code}; the second scan comes from nginx's cache.
     */
    @Test
    @Order(8)
    void anInvitedInventoryUserRecordsABatchWhoseQrCodeACustomerScans() {
        JsonNode corpOne = expect(send(msspBrowser.portal().get("/api/portal/orgs").bearer(msspToken).query("q", "Corp One"), PORTAL), 200)
                .json().get("items").get(0);
        assertThat(corpOne.get("externalId").asText()).isEqualTo("e2e-c1");
        JsonNode shopInvite = expect(send(msspBrowser.auth().post("/api/auth/invites").bearer(msspToken)
                .json("{\"email\":\"shop@e2e.test\",\"role\":\"inventory\",\"orgId\":\"" + corpOne.get("id").asText() + "\"}"), AUTH), 201).json();
        shopPair = expect(send(shop.auth().post("/api/auth/register").json(credentials("shop@e2e.test", "Shop-Password-e2e-1",
                "Shop", shopInvite.get("inviteToken").asText())), AUTH), 201).json();
        shopToken = shopPair.get("accessToken").asText();
        JsonNode firstBatch = createBatch(shop, shopToken, "E2E-LOT-1");

        firstCode = firstBatch.get("publicCode").asText();
        assertThat(firstBatch.get("publicUrl").asText()).isEqualTo(cluster.origin() + "/b/" + firstCode);
        assertPublicPage(customer, firstCode, "E2E-LOT-1");
    }

    /** Every instance served part of the journey so far, by its own count. */
    @Test
    @Order(9)
    void everyInstanceServedPartOfTheJourney() {
        Map<Instance, Long> served = new LinkedHashMap<>();
        for (Instance instance : cluster.all()) {
            long count = Metrics.requests(instance, "/");
            served.put(instance, count);
            assertThat(count).as("%s served requests", instance).isPositive();
        }
        System.out.println("requests per instance before the stop (their own /metrics): " + served);
    }

    /** 6. One instance of each service stops in the middle of the journey, while a reader keeps loading pages. */
    @Test
    @Order(10)
    void oneInstanceOfEachServiceStopsWhileEveryReadIsStillAnswered() throws Exception {
        authGone = cluster.instances(AUTH).get(0);
        portalGone = cluster.instances(PORTAL).get(0);
        freshnessGone = cluster.instances(FRESHNESS).get(0);
        Caller reader = caller("reader", 30);
        try (Reader background = Reader.start(reader, msspToken, shopToken)) {
            background.awaitRounds(3);
            cluster.stop(authGone);
            background.awaitRounds(3);
            cluster.stop(portalGone);
            background.awaitRounds(3);
            cluster.stop(freshnessGone);
            afterStop = true;
            background.awaitRounds(3);
            background.finish();
            assertThat(background.failures()).as("reads nginx could retry were all answered").isEmpty();
            readLines = log.await(background.requestIds());
        }
        assertThat(readLines).allSatisfy(line -> assertThat(line.status()).isEqualTo(200));
        System.out.println("background reads during the stops: " + readLines.size() + ", retried by nginx on the other "
                + "instance: " + readLines.stream().filter(Line::retried).count());
    }

    /** 7. The journey continues on the remaining instances; nothing written before the stop is lost. */
    @Test
    @Order(11)
    void theJourneyContinuesOnTheRemainingInstancesAndNothingWrittenIsLost() {
        JsonNode again = expect(send(msspBrowser.portal().get("/api/portal/dashboard").bearer(msspToken), PORTAL), 200).json();
        assertMsspDashboard(again, msspId);
        JsonNode secondBatch = createBatch(shop, shopToken, "E2E-LOT-2");
        assertPublicPage(customer, secondBatch.get("publicCode").asText(), "E2E-LOT-2");
        JsonNode batches = expect(send(shop.freshness().get("/api/freshness/batches").bearer(shopToken), FRESHNESS), 200).json();
        assertThat(batches.get("items").findValuesAsText("batchIdentifier")).containsExactlyInAnyOrder("E2E-LOT-1", "E2E-LOT-2");
        expect(send(customer.freshness().get("/api/freshness/public/batches/" + firstCode), FRESHNESS), 200);
        Outcome secondSync;
        try (FakeHeimdal heimdal = new FakeHeimdal(HEIMDAL_KEY, HEIMDAL_ACCOUNT, customers)) {
            secondSync = sync(heimdal, clientSecret, msspId);
        }
        assertThat(secondSync.exitCode()).as(secondSync.summaryLine()).isEqualTo(Outcome.OK);
        assertThat(secondSync.unchanged()).as("the synced organisations are all still there").isEqualTo(4);
        assertThat(secondSync.inserted()).isZero();
        expect(send(admin.auth().get("/api/auth/admin/users").bearer(adminToken).query("q", "e2e.test"), AUTH), 200);
    }

    /** 8. Refresh rotation and logout on the remaining auth instance. */
    @Test
    @Order(12)
    void refreshAndLogoutWorkOnTheRemainingAuthInstance() {
        ApiResponse shopRotated = expect(send(shop.auth().post("/api/auth/refresh").json(refresh(shopPair.get("refreshToken").asText())), AUTH), 200);
        String shopRefresh = shopRotated.json().get("refreshToken").asText();
        ApiResponse logout = send(shop.auth().post("/api/auth/logout").json(refresh(shopRefresh)), AUTH);
        expect(logout, 204);
        expect(send(shop.auth().post("/api/auth/refresh").json(refresh(shopRefresh)), AUTH), 401);
        expect(send(shop.auth().post("/api/auth/refresh").json(refresh(shopPair.get("refreshToken").asText())), AUTH), 401);
    }

    /**
     * Every request of the test was answered by the right service (or nginx's cache, or its limit), after the stop
     * only by the remaining instances; whatever nginx first sent to a stopped instance it retried on the other.
     */
    @Test
    @Order(13)
    void everyRequestWasAnsweredByItsServiceAndOnlyStoppedInstancesNeededARetry() {
        List<Line> lines = new ArrayList<>(log.await(sent.stream().map(Sent::requestId).toList()));
        for (int i = 0; i < sent.size(); i++) {
            Sent request = sent.get(i);
            Line line = lines.get(i);
            if (line.answeredByEdge()) {
                assertThat(line.status() == 429 || line.cache().equals("HIT")).as("nginx answered %s", line).isTrue();
                continue;
            }
            Instance answered = cluster.byAddress(line.answeredBy()).orElseThrow();
            assertThat(answered.service()).as("%s", line).isEqualTo(request.service());
            if (request.afterStop()) {
                assertThat(cluster.isStopped(answered)).as("a stopped instance answered %s", line).isFalse();
            } else {
                assertThat(line.retried()).as("nothing needed a retry before the stop: %s", line).isFalse();
            }
        }
        lines.addAll(readLines);
        for (Instance gone : List.of(authGone, portalGone, freshnessGone)) {
            List<Line> failedOver = lines.stream().filter(Line::retried).filter(l -> l.upstreams().get(0).equals(gone.address())).toList();
            assertThat(failedOver).as("requests nginx sent to the stopped %s and retried", gone).isNotEmpty();
            assertThat(failedOver).allSatisfy(line -> {
                assertThat(line.upstreamStatuses().get(0)).as("refused by the stopped instance").isEqualTo("502");
                assertThat(cluster.byAddress(line.answeredBy()).orElseThrow().service()).isEqualTo(gone.service());
                assertThat(line.status()).isLessThan(400);
            });
        }
        assertThat(lines.stream().filter(Line::retried).map(l -> cluster.byAddress(l.upstreams().get(0)).orElseThrow()))
                .as("only stopped instances ever needed a retry").allSatisfy(i -> assertThat(cluster.isStopped(i)).isTrue());
    }

    // ------------------------------------------------------------------ steps

    private static Outcome sync(FakeHeimdal heimdal, String clientSecret, String msspId) {
        Map<String, String> env = new HashMap<>();
        env.put("HEIMDAL_BASE_URL", heimdal.baseUrl());
        env.put("HEIMDAL_API_KEY", HEIMDAL_KEY);
        env.put("HEIMDAL_CUSTOMER_ID", HEIMDAL_ACCOUNT);
        env.put("HEIMDAL_PAGE_SIZE", "2");
        env.put("AUTH_URL", cluster.origin());
        env.put("PORTAL_URL", cluster.origin());
        env.put("SYNC_CLIENT_ID", "heimdal-sync");
        env.put("SYNC_CLIENT_SECRET", clientSecret);
        env.put("SYNC_MSSP_ORG_ID", msspId);
        env.put("SYNC_BATCH_SIZE", "2");
        env.put("SYNC_RETRY_BASE_DELAY", "PT0.1S");
        env.put("SYNC_RETRY_MAX_DELAY", "PT1S");
        return SyncJob.create(SyncConfig.fromEnv(new Env(env)), SyncJob.Deps.system()).run(false);
    }

    private static void assertMsspDashboard(JsonNode dashboard, String msspId) {
        assertThat(dashboard.get("scope").get("orgId").asText()).isEqualTo(msspId);
        assertThat(dashboard.get("scope").get("name").asText()).isEqualTo("E2E Security");
        JsonNode totals = dashboard.get("totals");
        assertThat(totals.get("mssps").asInt()).isEqualTo(1);
        assertThat(totals.get("msps").asInt()).as("the hand-made MSP and the synced reseller").isEqualTo(2);
        assertThat(totals.get("clients").asInt()).isEqualTo(3);
        assertThat(totals.get("purchasedLicenses").asInt()).isEqualTo(35);
        assertThat(dashboard.get("lastSync").get("status").asText()).isEqualTo("SUCCEEDED");
    }

    private static JsonNode createBatch(Caller shop, String token, String identifier) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode batch = expect(send(shop.freshness().post("/api/freshness/batches").bearer(token)
                .json("{\"product\":\"Beef mince\",\"batchIdentifier\":\"" + identifier + "\",\"butcherDate\":\"" + today
                        + "\",\"arrivalDate\":\"" + today + "\"}"), FRESHNESS), 201).json();
        assertThat(batch.get("status").asText()).isEqualTo("FRESH");
        return batch;
    }

    /** The public page through nginx: first from an instance, then from nginx's cache; a matching ETag gives 304. */
    private static void assertPublicPage(Caller customer, String code, String identifier) {
        ApiResponse first = expect(send(customer.freshness().get("/b/" + code), FRESHNESS), 200);
        assertThat(first.contentType()).startsWith("text/html");
        assertThat(first.body()).contains(identifier, "Status: Fresh");
        assertThat(first.header("X-Cache-Status")).isEqualTo("MISS");
        assertThat(first.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(first.headers().get("Content-Security-Policy")).as("the page's own policy only, once").hasSize(1);
        ApiResponse second = expect(send(customer.freshness().get("/b/" + code), FRESHNESS), 200);
        assertThat(second.header("X-Cache-Status")).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(log.await(requestId(second)).answeredByEdge()).as("a cache hit asks no instance").isTrue();
        ApiResponse notModified = send(customer.freshness().get("/b/" + code).header("If-None-Match", first.header("ETag")), FRESHNESS);
        expect(notModified, 304);
    }

    // ------------------------------------------------------------------ the layers' answers

    private static void assertServiceLimit(ApiResponse answer) {
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.json().get("detail").asText()).isEqualTo("Too many attempts from your address; try again later.");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isGreaterThan(1);
    }

    private static void assertEdgeLimit(ApiResponse answer) {
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.json().get("detail").asText()).contains("(edge limit)");
        assertThat(answer.json().get("requestId").asText()).isEqualTo(requestId(answer));
        assertThat(answer.header("Retry-After")).isEqualTo("1");
    }

    private static Map<Instance, Long> loginCounts() {
        Map<Instance, Long> counts = new LinkedHashMap<>();
        cluster.instances(AUTH).forEach(i -> counts.put(i, Metrics.requests(i, "/api/auth/login")));
        return counts;
    }

    /** The instances record a request just after answering it: wait until both counted, then compare exactly. */
    private static void awaitLoginCount(Map<Instance, Long> before, int expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long counted;
        do {
            Map<Instance, Long> after = loginCounts();
            counted = after.entrySet().stream().mapToLong(e -> e.getValue() - before.get(e.getKey())).sum();
            if (counted == expected) {
                after.forEach((instance, count) -> assertThat(count - before.get(instance))
                        .as("%s served part of the flood", instance).isPositive());
                return;
            }
        } while (counted < expected && System.nanoTime() < deadline);
        assertThat(counted).as("login requests the auth instances counted").isEqualTo(expected);
    }

    /** Consecutive requests went to the service's two instances in turn, each answered at the first try. */
    private static void assertAlternating(List<Line> lines, Service service) {
        List<String> answeredBy = lines.stream().map(Line::answeredBy).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.retried()).isFalse());
        assertThat(Set.copyOf(answeredBy)).containsExactlyInAnyOrderElementsOf(addresses(service));
        for (int i = 1; i < answeredBy.size(); i++) {
            assertThat(answeredBy.get(i)).as("request %d of %s went to the other instance", i, answeredBy)
                    .isNotEqualTo(answeredBy.get(i - 1));
        }
    }

    private static List<String> addresses(Service service) {
        return cluster.instances(service).stream().map(Instance::address).toList();
    }

    // ------------------------------------------------------------------ requests

    /** Sends through nginx with a fresh X-Request-Id, which nginx passes on, logs and echoes. */
    private static ApiResponse send(ApiClient.Call call, Service service) {
        String id = "e2e-" + SEQUENCE.incrementAndGet();
        ApiResponse response = call.header("X-Request-Id", id).send();
        assertThat(response.header("X-Request-Id")).as("X-Request-Id echoed: %s", response).isEqualTo(id);
        assertThat(response.headers().get("X-Request-Id")).hasSize(1);
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        sent.add(new Sent(id, service, afterStop));
        return response;
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        return response;
    }

    private static String requestId(ApiResponse response) {
        return response.header("X-Request-Id");
    }

    private static String login(String email, String password) {
        return JSON.createObjectNode().put("email", email).put("password", password).toString();
    }

    private static String credentials(String email, String password, String fullName) {
        return JSON.createObjectNode().put("email", email).put("password", password).put("fullName", fullName).toString();
    }

    private static String credentials(String email, String password, String fullName, String inviteToken) {
        return JSON.createObjectNode().put("email", email).put("password", password).put("fullName", fullName)
                .put("inviteToken", inviteToken).toString();
    }

    private static String refresh(String token) {
        return JSON.createObjectNode().put("refreshToken", token).toString();
    }

    // ------------------------------------------------------------------ a reader during the stops

    /**
     * Loads the dashboard, the current user and the batch list through nginx in a loop while instances stop: reads
     * nginx can retry, so every one must be answered 200. Counts rounds so the test can stop instances between them.
     */
    private static final class Reader implements AutoCloseable {
        private final Caller caller;
        private final String msspToken;
        private final String shopToken;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger rounds = new AtomicInteger();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private final Thread thread;

        private Reader(Caller caller, String msspToken, String shopToken) {
            this.caller = caller;
            this.msspToken = msspToken;
            this.shopToken = shopToken;
            this.thread = new Thread(this::loop, "e2e-reader");
        }

        static Reader start(Caller caller, String msspToken, String shopToken) {
            Reader reader = new Reader(caller, msspToken, shopToken);
            reader.thread.start();
            return reader;
        }

        private void loop() {
            while (running.get()) {
                read("/api/portal/dashboard", msspToken);
                read("/api/auth/me", msspToken);
                read("/api/freshness/batches", shopToken);
                rounds.incrementAndGet();
            }
        }

        private void read(String path, String token) {
            String id = "e2e-read-" + SEQUENCE.incrementAndGet();
            ids.add(id);
            Request request = new Request.Builder().url(cluster.origin() + path).header("Authorization", "Bearer " + token)
                    .header("X-Request-Id", id).build();
            try (Response response = caller.http().newCall(request).execute()) {
                String body = response.body().string();
                if (response.code() != 200) {
                    failures.add(path + " -> " + response.code() + " " + body);
                }
            } catch (IOException e) {
                failures.add(path + " -> " + e);
            }
        }

        void awaitRounds(int more) {
            int target = rounds.get() + more;
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (rounds.get() < target) {
                if (System.nanoTime() > deadline || !thread.isAlive()) {
                    throw new AssertionError("the reader stalled at round " + rounds.get() + ": " + failures);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        void finish() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        List<String> requestIds() {
            return List.copyOf(ids);
        }

        @Override
        public void close() throws InterruptedException {
            finish();
        }
    }
}
