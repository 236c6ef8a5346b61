package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.testing.TestTokens;
import dev.portalsuite.shared.web.ServiceServer;
import dev.portalsuite.shared.web.TrustedProxies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every controller reads the caller the same way: principal, client ip, user agent (cut to 300) and request id. */
class CallerIT {
    private static final TestTokens TOKENS = new TestTokens();
    private static final ObjectMapper JSON = Json.newObjectMapper();
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        TokenVerifier verifier = TokenVerifier.withKeys(Map.of(TOKENS.key().kid(), TOKENS.key().publicKey()),
                TestTokens.SETTINGS, Clock.systemUTC());
        app = ServiceServer.forService("/api/demo")
                .objectMapper(JSON)
                .metrics(new Metrics("caller-test"))
                .accessControl(new AccessControl(verifier, principal -> true))
                .trustedProxies(TrustedProxies.parse("TRUSTED_PROXIES", "127.0.0.1/32,::1/128"))
                .openApi("/dev/portalsuite/shared/demo-openapi.yaml")
                .routes(r -> {
                    r.get("/api/demo/caller/public", CallerIT::describe);
                    r.get("/api/demo/caller", CallerIT::describe, Access.AUTHENTICATED);
                })
                .build()
                .start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private static void describe(Context ctx) {
        Caller caller = Caller.of(ctx);
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("authenticated", caller.isAuthenticated());
        seen.put("subject", caller.subject());
        seen.put("orgId", caller.orgId());
        seen.put("admin", caller.isAdmin());
        seen.put("ip", caller.ip());
        seen.put("userAgent", caller.userAgent());
        seen.put("requestId", caller.requestId());
        ctx.json(seen);
    }

    @Test
    void aSignedInCallerCarriesItsPrincipalAndWhereTheRequestCameFrom() throws IOException {
        UUID user = UUID.randomUUID();
        UUID org = UUID.randomUUID();
        JsonNode seen = get("/api/demo/caller", TOKENS.user(user, List.of("admin"), org, "CLIENT"), "agent/1.0",
                "203.0.113.7", "req-abc");
        assertThat(seen.get("authenticated").asBoolean()).isTrue();
        assertThat(seen.get("subject").asText()).isEqualTo(user.toString());
        assertThat(seen.get("orgId").asText()).isEqualTo(org.toString());
        assertThat(seen.get("admin").asBoolean()).isTrue();
        assertThat(seen.get("ip").asText()).as("the forwarded client of a trusted proxy").isEqualTo("203.0.113.7");
        assertThat(seen.get("userAgent").asText()).isEqualTo("agent/1.0");
        assertThat(seen.get("requestId").asText()).isEqualTo("req-abc");
    }

    @Test
    void aPublicRouteHasNoPrincipalAndALongUserAgentIsCut() throws IOException {
        String agent = "a".repeat(Caller.USER_AGENT_MAX + 50);
        JsonNode seen = get("/api/demo/caller/public", null, agent, null, null);
        assertThat(seen.get("authenticated").asBoolean()).isFalse();
        assertThat(seen.get("subject").isNull()).isTrue();
        assertThat(seen.get("admin").asBoolean()).isFalse();
        assertThat(seen.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(seen.get("userAgent").asText()).isEqualTo(agent.substring(0, Caller.USER_AGENT_MAX));
        assertThat(seen.get("requestId").asText()).as("generated when none is given").isNotBlank();
    }

    @Test
    void theSystemCallerIsAnInProcessAdministrator() {
        Caller system = Caller.system();
        assertThat(system.subject()).isEqualTo(Caller.SYSTEM_SUBJECT);
        assertThat(system.isAdmin()).isTrue();
        assertThat(system.orgId()).isNull();
        assertThat(system.ip()).isNull();
        assertThat(system.requestId()).isNull();
    }

    private static JsonNode get(String path, String token, String userAgent, String forwardedFor, String requestId)
            throws IOException {
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + app.port() + path)
                .header("User-Agent", userAgent);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        try (Response response = HTTP.newCall(request.build()).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return JSON.readTree(response.body().string());
        }
    }
}
