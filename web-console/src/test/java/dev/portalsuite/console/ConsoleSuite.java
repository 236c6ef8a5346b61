package dev.portalsuite.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.portal.PortalUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every console test runs against, built from the shared app-under-test fixture: auth-, portal- and
 * freshness-service ({@link AuthUnderTest}, {@link PortalUnderTest}, {@link FreshnessUnderTest}) on one fresh
 * PostgreSQL database, then the console ({@link ConsoleUnderTest}) in front of them, all on loopback ports. Seeds,
 * through the services' REST APIs, an MSSP with two MSPs and clients, one account per role, notifications and
 * batches. A {@code static @RegisterExtension} field starts it once for a test class; {@link #start} without JUnit.
 */
public final class ConsoleSuite implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@test.dev";
    public static final String PASSWORD = "Correct-Horse-Battery-9";
    public static final String MSSP_EMAIL = "mssp@test.dev";
    public static final String MSP_EMAIL = "msp@test.dev";
    public static final String CLIENT_EMAIL = "client@test.dev";
    public static final String INVENTORY_EMAIL = "inventory@test.dev";
    public static final String USER_EMAIL = "user@test.dev";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final AuthUnderTest auth;
    private final PortalUnderTest portal;
    private final FreshnessUnderTest freshness;
    private final ConsoleUnderTest console;
    private final List<ConsoleUnderTest> extraConsoles = new ArrayList<>();
    private final OkHttpClient http = new OkHttpClient();
    private final Map<String, String> orgIds = new LinkedHashMap<>();

    /** The seeded suite as a JUnit 5 extension: {@code @RegisterExtension static final ConsoleSuite suite = new ConsoleSuite();}. */
    public ConsoleSuite() {
        this(Map.of(), Map.of());
    }

    /**
     * @param consoleOverrides extra environment for the console only
     * @param authOverrides extra environment for auth-service only (e.g. an identity provider's keys)
     */
    private ConsoleSuite(Map<String, String> consoleOverrides, Map<String, String> authOverrides) {
        // auth asks portal about invite organisations and portal verifies auth's tokens: portal's port is chosen first
        int portalPort = freePort();
        auth = new AuthUnderTest()
                .with("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL).with("BOOTSTRAP_ADMIN_PASSWORD", PASSWORD)
                .with("PORTAL_URL", "http://127.0.0.1:" + portalPort)
                .with(authOverrides);
        portal = new PortalUnderTest().sharingDatabaseWith(auth).clock(Clock.systemUTC())
                .with("PORT", Integer.toString(portalPort)).verifyingTokensOf(auth::url);
        freshness = new FreshnessUnderTest().sharingDatabaseWith(auth)
                .with("PUBLIC_BASE_URL", "http://localhost:8080").verifyingTokensOf(auth::url);
        console = new ConsoleUnderTest().sharingDatabaseWith(auth)
                .backends(auth::url, portal::url, freshness::url).with(consoleOverrides);
    }

    public static ConsoleSuite start() {
        return start(Map.of());
    }

    /** @param consoleOverrides extra environment for the console only */
    public static ConsoleSuite start(Map<String, String> consoleOverrides) {
        return start(consoleOverrides, Map.of());
    }

    /** @param authOverrides extra environment for auth-service only (e.g. an identity provider's keys) */
    public static ConsoleSuite start(Map<String, String> consoleOverrides, Map<String, String> authOverrides) {
        return new ConsoleSuite(consoleOverrides, authOverrides).startAll();
    }

    private ConsoleSuite startAll() {
        try {
            auth.start();
            portal.start();
            freshness.start();
            console.start();
            seed();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A cookie-keeping client signed in to the console as one of the seeded accounts. */
    public WebClient signedIn(String email) {
        WebClient web = new WebClient(url());
        web.signInOk(email, PASSWORD);
        return web;
    }

    /**
     * Another console instance on the same database and session key, e.g. one whose backends are elsewhere; closed
     * with the suite.
     */
    public ConsoleUnderTest extraConsole(Map<String, String> overrides) {
        return extraConsole(overrides, deps -> deps);
    }

    /** Another console instance with other dependencies (e.g. the local suite's mailbox); closed with the suite. */
    public ConsoleUnderTest extraConsole(Map<String, String> overrides, UnaryOperator<ConsoleApp.Deps> deps) {
        ConsoleUnderTest extra = new ConsoleUnderTest().deps(deps).sharingDatabaseWith(auth)
                .backends(auth::url, portal::url, freshness::url)
                .with("CONSOLE_SESSION_KEY_FILE", console.app().config().sessionKeyFile().toString())
                .with(overrides);
        extraConsoles.add(extra);
        return extra.start();
    }

    public String url() {
        return console.url();
    }

    public ConsoleApp console() {
        return console.app();
    }

    public AuthApp auth() {
        return auth.app();
    }

    public String authUrl() {
        return auth.url();
    }

    public String org(String name) {
        String id = orgIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("no seeded organisation " + name);
        }
        return id;
    }

    /** Counts rows of the console's own schema (or any other) with a query. */
    public long count(String sql) {
        return console.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    public void execute(String sql) {
        console.jdbi().useHandle(h -> h.execute(sql));
    }

    // ---------------------------------------------------------------- seeding through the REST APIs

    private void seed() {
        String admin = token(ADMIN_EMAIL, PASSWORD);
        String mssp = createOrg(admin, "MSSP", "Northwind Security", null, 0, 0, 0);
        String contoso = createOrg(admin, "MSP", "Contoso IT Services", mssp, 0, 0, 0);
        String fabrikam = createOrg(admin, "MSP", "Fabrikam Managed IT", mssp, 0, 0, 0);
        String adventure = createOrg(admin, "CLIENT", "Adventure Works", contoso, 50, 44, 47);
        createOrg(admin, "CLIENT", "Alpine Ski House", contoso, 25, 18, 20);
        createOrg(admin, "CLIENT", "Litware Inc.", fabrikam, 60, 58, 65);
        createOrg(admin, "MSSP", "Other Security", null, 0, 0, 0);

        invitedUser(admin, MSSP_EMAIL, "Maya MSSP", "mssp", mssp);
        invitedUser(admin, MSP_EMAIL, "Max MSP", "msp", contoso);
        invitedUser(admin, CLIENT_EMAIL, "Cleo Client", "client", adventure);
        invitedUser(admin, INVENTORY_EMAIL, "Ivy Inventory", "inventory", adventure);
        call("POST", authUrl() + "/api/auth/register", null, Map.of("email", USER_EMAIL, "password", PASSWORD,
                "fullName", "Uma User"), 201);

        notifyMssp("Welcome to the portal");
        notifyMssp("Licences running low");
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        String freshnessUrl = freshness.url();
        int[] days = {1, 3, 6};
        String[] products = {"Beef mince", "Pork sausages", "Chicken breast"};
        for (int i = 0; i < days.length; i++) {
            String arrival = today.minusDays(days[i]).toString();
            call("POST", freshnessUrl + "/api/freshness/batches", admin, Map.of("product", products[i],
                    "batchIdentifier", "B-" + (i + 1), "butcherDate", arrival, "arrivalDate", arrival, "orgId", adventure), 201);
        }
    }

    /** A notification for everyone in the seeded MSSP. */
    public void notifyMssp(String title) {
        call("POST", portalUrl() + "/api/portal/notifications", token(ADMIN_EMAIL, PASSWORD), Map.of("audience",
                Map.of("orgId", org("Northwind Security")), "title", title, "message", title + ": details for the MSSP.",
                "type", "info"), 201);
    }

    private String createOrg(String admin, String type, String name, String parentId, int purchased, int active, int devices) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", type);
        body.put("name", name);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        if (!type.equals("MSSP")) {
            body.put("purchasedLicenses", purchased);
            body.put("activeLicenses", active);
            body.put("devices", devices);
        }
        String id = call("POST", portalUrl() + "/api/portal/orgs", admin, body, 201).path("id").asText();
        orgIds.put(name, id);
        return id;
    }

    private void invitedUser(String admin, String email, String name, String role, String orgId) {
        String invite = call("POST", authUrl() + "/api/auth/invites", admin, Map.of("email", email, "role", role,
                "orgId", orgId), 201).path("inviteToken").asText();
        call("POST", authUrl() + "/api/auth/register", null, Map.of("email", email, "password", PASSWORD,
                "fullName", name, "inviteToken", invite), 201);
    }

    /** An access token straight from auth-service (for seeding and for checks behind the console's back). */
    public String token(String email, String password) {
        return call("POST", authUrl() + "/api/auth/login", null, Map.of("email", email, "password", password), 200)
                .path("accessToken").asText();
    }

    /** A JSON call to one of the services; fails the test unless it answers {@code expected}. */
    public JsonNode call(String method, String url, String token, Object body, int expected) {
        try {
            Request.Builder request = new Request.Builder().url(url);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            request.method(method, body == null ? (method.equals("GET") || method.equals("DELETE") ? null
                    : RequestBody.create(new byte[0], null)) : RequestBody.create(MAPPER.writeValueAsBytes(body), JSON));
            try (Response response = http.newCall(request.build()).execute()) {
                String text = response.body().string();
                if (response.code() != expected) {
                    throw new AssertionError(method + " " + url + " -> " + response.code() + " " + text);
                }
                return text.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String portalUrl() {
        return portal.url();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        extraConsoles.forEach(ConsoleUnderTest::close);
        console.close();
        freshness.close();
        portal.close();
        auth.close();
    }
}
