package dev.portalsuite.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;

/**
 * A real auth-service for tests: built by {@link AuthApp#create} like {@code main} does, on a fresh
 * PostgreSQL database, listening on a free loopback port, with a client that validates every exchange
 * against openapi.yaml.
 */
public final class AuthTestServer implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@test.dev";
    public static final String ADMIN_PASSWORD = "Bootstrap-Admin-Pw-1";
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

    private final AuthApp app;
    private final ApiClient client;
    private final DatabaseConfig database;
    private final Map<String, String> env;

    private AuthTestServer(AuthApp app, DatabaseConfig database, Map<String, String> env) {
        this.app = app;
        this.database = database;
        this.env = env;
        this.client = new ApiClient("http://127.0.0.1:" + app.port(), AuthApp.OPENAPI);
    }

    /** Starts a server on a fresh database with test-friendly defaults, overridden by {@code overrides}. */
    public static AuthTestServer start(Map<String, String> overrides) {
        return start(TestPostgres.newDatabase(), overrides);
    }

    /** Starts a server on an existing database (a second instance sharing state with the first). */
    public static AuthTestServer start(DatabaseConfig database, Map<String, String> overrides) {
        return start(database, overrides, Clock.systemUTC());
    }

    /** Starts a server on a fresh database whose clock the test controls. */
    public static AuthTestServer start(Map<String, String> overrides, Clock clock) {
        return start(TestPostgres.newDatabase(), overrides, clock);
    }

    public static AuthTestServer start(DatabaseConfig database, Map<String, String> overrides, Clock clock) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("HOST", "127.0.0.1");
        env.put("PORT", "0");
        env.put("BCRYPT_COST", "4");
        env.put("RATE_LIMIT_AUTH", "0");
        // tests that are not about step-up call sensitive admin routes with password-only tokens; the MFA tests
        // turn it back on (production refuses STEP_UP_REQUIRED=false)
        env.put("STEP_UP_REQUIRED", "false");
        env.put("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        try {
            env.put("PORTAL_DATA_DIR", Files.createTempDirectory("auth-test").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.putAll(overrides);
        AuthConfig config = AuthConfig.fromEnv(new Env(env));
        return new AuthTestServer(AuthApp.create(config, AuthApp.Deps.withClock(clock)).start(), database, env);
    }

    public ApiClient client() {
        return client;
    }

    public DatabaseConfig databaseConfig() {
        return database;
    }

    public Path dataDir() {
        return Path.of(env.get("PORTAL_DATA_DIR"));
    }

    public AuthApp app() {
        return app;
    }

    public Jdbi jdbi() {
        return app.database().jdbi();
    }

    public String url() {
        return client.baseUrl();
    }

    /** A distinct client address per call (sent through the trusted loopback proxy), so per-IP limits do not collide. */
    public static String freshIp() {
        int n = NEXT_IP.getAndIncrement();
        return "203.0." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    public ApiResponse register(String email, String password, String fullName) {
        return client.post("/api/auth/register")
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"" + fullName + "\"}")
                .send();
    }

    /** Registers with an invite token. */
    public ApiResponse register(String email, String password, String fullName, String inviteToken) {
        return client.post("/api/auth/register")
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"" + fullName
                        + "\",\"inviteToken\":\"" + inviteToken + "\"}")
                .send();
    }

    public ApiResponse login(String email, String password) {
        return login(email, password, freshIp());
    }

    public ApiResponse login(String email, String password, String clientIp) {
        return client.post("/api/auth/login")
                .header("X-Forwarded-For", clientIp)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .send();
    }

    public ApiResponse refresh(String refreshToken) {
        return client.post("/api/auth/refresh").json("{\"refreshToken\":\"" + refreshToken + "\"}").send();
    }

    public String adminToken() {
        ApiResponse response = login(ADMIN_EMAIL, ADMIN_PASSWORD);
        if (response.status() != 200) {
            throw new AssertionError("admin login failed: " + response);
        }
        return response.json().get("accessToken").asText();
    }

    /** Registers a user and returns its token pair. */
    public JsonNode newUser(String email) {
        ApiResponse response = register(email, "Correct-Horse-" + email.hashCode(), "User " + email);
        if (response.status() != 201) {
            throw new AssertionError("registration failed: " + response);
        }
        return response.json();
    }

    public long count(String sql) {
        return jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    @Override
    public void close() {
        client.assertNoViolations();
        app.close();
    }
}
