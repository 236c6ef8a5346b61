package dev.portalsuite.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ServiceUnderTest;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * auth-service under test ({@link ServiceUnderTest}): built by {@link AuthApp#create}, cheap bcrypt, no per-client
 * rate limit unless the test sets one, and a bootstrap admin; plus auth's sign-in conveniences.
 */
public final class AuthUnderTest extends ServiceUnderTest<AuthApp, AuthUnderTest> {
    public static final String ADMIN_EMAIL = "admin@test.dev";
    public static final String ADMIN_PASSWORD = "Bootstrap-Admin-Pw-1";
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);

    public AuthUnderTest() {
        super(AuthApp.OPENAPI, AuthApp::port, AuthApp::database);
    }

    /**
     * {@code STEP_UP_REQUIRED=false}: tests that are not about step-up call sensitive admin routes with password-only
     * tokens; the MFA tests set it back to {@code true} (production refuses {@code false}).
     */
    @Override
    protected Map<String, String> defaults() {
        return Map.of("BCRYPT_COST", "4", "RATE_LIMIT_AUTH", "0",
                "BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL, "BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "STEP_UP_REQUIRED", "false");
    }

    @Override
    protected AuthApp launch(Env env, Clock clock) {
        return AuthApp.create(AuthConfig.fromEnv(env), AuthApp.Deps.withClock(clock)).start();
    }

    /** A distinct client address per call (sent through the trusted loopback proxy), so per-IP limits do not collide. */
    public static String freshIp() {
        int n = NEXT_IP.getAndIncrement();
        return "203.0." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    public ApiResponse register(String email, String password, String fullName) {
        return client().post("/api/auth/register")
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"" + fullName + "\"}")
                .send();
    }

    /** Registers with an invite token. */
    public ApiResponse register(String email, String password, String fullName, String inviteToken) {
        return client().post("/api/auth/register")
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"" + fullName
                        + "\",\"inviteToken\":\"" + inviteToken + "\"}")
                .send();
    }

    public ApiResponse login(String email, String password) {
        return login(email, password, freshIp());
    }

    public ApiResponse login(String email, String password, String clientIp) {
        return client().post("/api/auth/login")
                .header("X-Forwarded-For", clientIp)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")
                .send();
    }

    public ApiResponse refresh(String refreshToken) {
        return client().post("/api/auth/refresh").json("{\"refreshToken\":\"" + refreshToken + "\"}").send();
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

}
