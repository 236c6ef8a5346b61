package dev.portalsuite.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthConfig;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.freshness.FreshnessConfig;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.portal.PortalConfig;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.TestPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The app under test for every console test, in one place: auth-, portal- and freshness-service started through
 * their composition roots ({@code AuthApp.create}, {@code PortalApp.create}, {@code FreshnessApp.create}) on one
 * fresh PostgreSQL database, then the console ({@code ConsoleApp.create}) in front of them, all on loopback ports.
 * Seeds, through the services' REST APIs, an MSSP with two MSPs and clients, one account per role, notifications
 * and batches.
 */
public final class ConsoleSuite implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@test.dev";
    public static final String PASSWORD = "Correct-Horse-Battery-9";
    public static final String MSSP_EMAIL = "mssp@test.dev";
    public static final String MSP_EMAIL = "msp@test.dev";
    public static final String CLIENT_EMAIL = "client@test.dev";
    public static final String INVENTORY_EMAIL = "inventory@test.dev";
    public static final String USER_EMAIL = "user@test.dev";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DatabaseConfig database;
    private final Path dataDir;
    private final AuthApp auth;
    private final PortalApp portal;
    private final FreshnessApp freshness;
    private final ConsoleApp console;
    private final OkHttpClient http = new OkHttpClient();
    private final Map<String, String> orgIds = new LinkedHashMap<>();

    private ConsoleSuite(DatabaseConfig database, Path dataDir, AuthApp auth, PortalApp portal, FreshnessApp freshness,
                         ConsoleApp console) {
        this.database = database;
        this.dataDir = dataDir;
        this.auth = auth;
        this.portal = portal;
        this.freshness = freshness;
        this.console = console;
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
        DatabaseConfig database = TestPostgres.newDatabase();
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("console-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> shared = new HashMap<>();
        shared.put("DATABASE_URL", database.jdbcUrl());
        shared.put("DATABASE_USER", database.user());
        shared.put("DATABASE_PASSWORD", database.password());
        shared.put("HOST", "127.0.0.1");
        shared.put("PORTAL_DATA_DIR", dataDir.toString());
        Env env = new Env(shared);

        // auth asks portal about invite organisations and portal verifies auth's tokens: portal's port is chosen first
        int portalPort = freePort();
        Map<String, String> authEnv = new HashMap<>();
        authEnv.put("PORT", "0");
        authEnv.put("BCRYPT_COST", "4");
        authEnv.put("RATE_LIMIT_AUTH", "0");
        authEnv.put("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        authEnv.put("BOOTSTRAP_ADMIN_PASSWORD", PASSWORD);
        authEnv.put("PORTAL_URL", "http://127.0.0.1:" + portalPort);
        authEnv.putAll(authOverrides);
        AuthApp auth = AuthApp.create(AuthConfig.fromEnv(env.with(authEnv)), AuthApp.Deps.withClock(Clock.systemUTC())).start();
        String jwks = "http://127.0.0.1:" + auth.port() + "/.well-known/jwks.json";
        PortalConfig portalConfig = PortalConfig.fromEnv(env.with(Map.of("PORT", Integer.toString(portalPort), "AUTH_JWKS_URL", jwks)));
        PortalApp portal = PortalApp.create(portalConfig, PortalApp.Deps.system(portalConfig)).start();
        FreshnessConfig freshnessConfig = FreshnessConfig.fromEnv(env.with(Map.of("PORT", "0", "AUTH_JWKS_URL", jwks,
                "PUBLIC_BASE_URL", "http://localhost:8080")));
        FreshnessApp freshness = FreshnessApp.create(freshnessConfig, FreshnessApp.Deps.system(freshnessConfig)).start();

        ConsoleApp console = startConsole(env, auth.port(), portal.port(), freshness.port(), consoleOverrides);
        ConsoleSuite suite = new ConsoleSuite(database, dataDir, auth, portal, freshness, console);
        suite.seed();
        return suite;
    }

    private static ConsoleApp startConsole(Env env, int authPort, int portalPort, int freshnessPort, Map<String, String> overrides) {
        return startConsole(env, authPort, portalPort, freshnessPort, overrides, deps -> deps);
    }

    private static ConsoleApp startConsole(Env env, int authPort, int portalPort, int freshnessPort, Map<String, String> overrides,
                                           java.util.function.UnaryOperator<ConsoleApp.Deps> deps) {
        Map<String, String> consoleEnv = new HashMap<>();
        consoleEnv.put("CONSOLE_PORT", "0");
        consoleEnv.put("AUTH_URL", "http://127.0.0.1:" + authPort);
        consoleEnv.put("PORTAL_URL", "http://127.0.0.1:" + portalPort);
        consoleEnv.put("FRESHNESS_URL", "http://127.0.0.1:" + freshnessPort);
        consoleEnv.put("CONSOLE_BACKEND_TIMEOUT", "PT5S");
        consoleEnv.putAll(overrides);
        ConsoleConfig config = ConsoleConfig.fromEnv(env.with(consoleEnv));
        return ConsoleApp.create(config, deps.apply(ConsoleApp.Deps.system(config))).start();
    }

    /** Another console instance on the same database, e.g. one whose backends are elsewhere. */
    public ConsoleApp extraConsole(Map<String, String> overrides) {
        return extraConsole(overrides, deps -> deps);
    }

    /** Another console instance with other dependencies (e.g. the local suite's mailbox). */
    public ConsoleApp extraConsole(Map<String, String> overrides, java.util.function.UnaryOperator<ConsoleApp.Deps> deps) {
        Env env = new Env(Map.of("DATABASE_URL", database.jdbcUrl(), "DATABASE_USER", database.user(),
                "DATABASE_PASSWORD", database.password(), "HOST", "127.0.0.1", "PORTAL_DATA_DIR", dataDir.toString()));
        return startConsole(env, auth.port(), portal.port(), freshness.port(), overrides, deps);
    }

    public String url() {
        return "http://127.0.0.1:" + console.port();
    }

    public ConsoleApp console() {
        return console;
    }

    public AuthApp auth() {
        return auth;
    }

    public String authUrl() {
        return "http://127.0.0.1:" + auth.port();
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
        return console.database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    public void execute(String sql) {
        console.database().jdbi().useHandle(h -> h.execute(sql));
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
        String freshnessUrl = "http://127.0.0.1:" + freshness.port();
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
        String id = call("POST", "http://127.0.0.1:" + portal.port() + "/api/portal/orgs", admin, body, 201).path("id").asText();
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
        return "http://127.0.0.1:" + portal.port();
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
        console.close();
        freshness.close();
        portal.close();
        auth.close();
    }
}
