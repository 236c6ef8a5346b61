package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionFlowIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();

    @Test
    void registerLoginMeRefreshAndReuseDetection() {
        ApiResponse registered = server.register("  Dana@Example.COM ", "Plain-but-long-1", "Dana Example");
        assertThat(registered.status()).isEqualTo(201);
        JsonNode user = registered.json().get("user");
        assertThat(user.get("email").asText()).isEqualTo("dana@example.com");
        assertThat(user.get("roles")).hasSize(1);
        assertThat(user.get("roles").get(0).asText()).isEqualTo("user");
        String userId = user.get("id").asText();

        ApiResponse login = server.login("DANA@example.com", "Plain-but-long-1");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(900);
        String access = login.json().get("accessToken").asText();
        String firstRefresh = login.json().get("refreshToken").asText();

        ApiResponse me = server.client().get("/api/auth/me").bearer(access).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(userId);
        assertThat(me.json().get("lastLoginAt").isNull()).isFalse();

        ApiResponse refreshed = server.refresh(firstRefresh);
        assertThat(refreshed.status()).isEqualTo(200);
        String secondRefresh = refreshed.json().get("refreshToken").asText();
        assertThat(secondRefresh).isNotEqualTo(firstRefresh);
        assertThat(server.client().get("/api/auth/me").bearer(refreshed.json().get("accessToken").asText()).send().status())
                .isEqualTo(200);

        // the old token again: theft detected, the whole session dies
        ApiResponse reused = server.refresh(firstRefresh);
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.isProblem()).isTrue();
        assertThat(server.refresh(secondRefresh).status()).isEqualTo(401);
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(401);

        List<String> actions = server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT action FROM audit_events WHERE user_id = CAST(:id AS uuid) ORDER BY occurred_at, action")
                .bind("id", userId).mapTo(String.class).list());
        assertThat(actions).contains("register", "login.succeeded", "refresh", "refresh.reuse_detected");
    }

    @Test
    void logoutEndsTheSessionAndIsIdempotent() {
        JsonNode pair = server.newUser("logout@example.com");
        String refresh = pair.get("refreshToken").asText();
        String access = pair.get("accessToken").asText();

        assertThat(server.client().post("/api/auth/logout").json("{\"refreshToken\":\"" + refresh + "\"}").send().status())
                .isEqualTo(204);
        assertThat(server.client().post("/api/auth/logout").json("{\"refreshToken\":\"" + refresh + "\"}").send().status())
                .isEqualTo(204);
        assertThat(server.refresh(refresh).status()).isEqualTo(401);
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'logout'")).isEqualTo(1);
    }

    @Test
    void jwksPublishesTheSigningKey() {
        ApiResponse jwks = server.client().get("/.well-known/jwks.json").send();
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys")).hasSize(1);
        assertThat(jwks.json().get("keys").get(0).get("alg").asText()).isEqualTo("RS256");
    }
}
