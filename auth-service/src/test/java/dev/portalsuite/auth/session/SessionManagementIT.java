package dev.portalsuite.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionManagementIT {
    private static final String PASSWORD = "Session-Password-5";
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();

    @Test
    void listsOwnSessionsWithPagingAndRevokesOne() {
        String email = "sessions@example.com";
        String userId = registerWithoutSession(email);
        List<Login> logins = new ArrayList<>();
        for (String agent : List.of("Agent-Alpha/1.0", "Agent-Beta/2.0", "Agent-Gamma/3.0")) {
            logins.add(login(email, agent));
        }
        Login caller = logins.get(1);

        ApiResponse list = sessions(caller.access, null, null);
        assertThat(list.status()).isEqualTo(200);
        JsonNode body = list.json();
        assertThat(body.get("total").asLong()).isEqualTo(3);
        assertThat(body.get("limit").asInt()).isEqualTo(50);
        assertThat(body.get("offset").asInt()).isEqualTo(0);
        assertThat(body.get("items")).hasSize(3);
        List<JsonNode> current = new ArrayList<>();
        Map<String, String> agentById = new java.util.HashMap<>();
        Map<String, String> ipById = new java.util.HashMap<>();
        for (JsonNode item : body.get("items")) {
            if (item.get("current").asBoolean()) {
                current.add(item);
            }
            assertThat(item.get("createdAt").isTextual()).isTrue();
            assertThat(item.get("lastUsedAt").isTextual()).isTrue();
            assertThat(item.get("expiresAt").isTextual()).isTrue();
            agentById.put(item.get("id").asText(), item.get("userAgent").asText());
            ipById.put(item.get("id").asText(), item.get("ip").asText());
        }
        assertThat(current).hasSize(1);
        assertThat(current.get(0).get("id").asText()).isEqualTo(caller.sessionId);
        for (Login login : logins) {
            assertThat(agentById).containsEntry(login.sessionId, login.agent);
            assertThat(ipById).containsEntry(login.sessionId, login.ip);
        }

        // paging
        ApiResponse first = sessions(caller.access, 2, 0);
        ApiResponse second = sessions(caller.access, 2, 2);
        assertThat(first.json().get("items")).hasSize(2);
        assertThat(first.json().get("total").asLong()).isEqualTo(3);
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().get("total").asLong()).isEqualTo(3);
        assertThat(second.json().get("offset").asInt()).isEqualTo(2);
        Set<String> paged = new HashSet<>(ids(first));
        paged.addAll(ids(second));
        assertThat(paged).containsExactlyInAnyOrderElementsOf(agentById.keySet());
        assertThat(sessions(caller.access, 10, 3).json().get("items")).isEmpty();
        assertThat(server.client().get("/api/auth/sessions").bearer(caller.access).query("limit", 0)
                .invalidRequest().send().status()).isEqualTo(400);

        // revoke another of the caller's own sessions
        Login other = logins.get(0);
        ApiResponse revoked = server.client().delete("/api/auth/sessions/" + other.sessionId).bearer(caller.access).send();
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(server.refresh(other.refresh).status()).isEqualTo(401);
        assertThat(me(other.access)).isEqualTo(401);
        assertThat(me(caller.access)).isEqualTo(200);
        assertThat(me(logins.get(2).access)).isEqualTo(200);
        ApiResponse after = sessions(caller.access, null, null);
        assertThat(after.json().get("total").asLong()).isEqualTo(2);
        assertThat(ids(after)).doesNotContain(other.sessionId);
        // already revoked: nothing to revoke
        assertThat(server.client().delete("/api/auth/sessions/" + other.sessionId).bearer(caller.access).send().status())
                .isEqualTo(404);

        List<String> revokedIds = server.jdbi().withHandle(h -> h.createQuery("""
                        SELECT details->>'sessionId' FROM audit_events
                        WHERE user_id = CAST(:id AS uuid) AND action = 'session.revoked'""")
                .bind("id", userId).mapTo(String.class).list());
        assertThat(revokedIds).containsExactly(other.sessionId);
    }

    @Test
    void cannotRevokeSomeoneElsesOrAnUnknownSession() {
        String mallory = "mallory@example.com";
        String victim = "victim@example.com";
        registerWithoutSession(mallory);
        String victimId = registerWithoutSession(victim);
        Login attacker = login(mallory, "Agent-M/1");
        Login target = login(victim, "Agent-V/1");

        ApiResponse foreign = server.client().delete("/api/auth/sessions/" + target.sessionId).bearer(attacker.access).send();
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.isProblem()).isTrue();
        assertThat(me(target.access)).isEqualTo(200);
        ApiResponse stillAlive = server.refresh(target.refresh);
        assertThat(stillAlive.status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND id = '" + target.sessionId + "'"))
                .isEqualTo(1);

        ApiResponse unknown = server.client().delete("/api/auth/sessions/" + UUID.randomUUID()).bearer(attacker.access).send();
        assertThat(unknown.status()).isEqualTo(404);
        ApiResponse malformed = server.client().delete("/api/auth/sessions/not-a-uuid").bearer(attacker.access)
                .invalidRequest().send();
        assertThat(malformed.status()).isEqualTo(400);

        assertThat(server.client().get("/api/auth/sessions").send().status()).isEqualTo(401);
        assertThat(server.client().delete("/api/auth/sessions/" + target.sessionId).send().status()).isEqualTo(401);
        assertThat(me(target.access)).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'session.revoked' AND user_id = '"
                + victimId + "'")).isZero();
    }

    @Test
    void logoutAllRevokesEveryOwnSessionOnly() {
        String email = "logout-all@example.com";
        ApiResponse registered = server.register(email, PASSWORD, "Logout All");
        assertThat(registered.status()).isEqualTo(201);
        String userId = registered.json().get("user").get("id").asText();
        String registrationRefresh = registered.json().get("refreshToken").asText();
        Login one = login(email, "Agent-One/1");
        Login two = login(email, "Agent-Two/1");
        String bystanderEmail = "bystander@example.com";
        registerWithoutSession(bystanderEmail);
        Login bystander = login(bystanderEmail, "Agent-B/1");

        ApiResponse all = server.client().post("/api/auth/logout-all").bearer(two.access).send();
        assertThat(all.status()).isEqualTo(204);

        assertThat(server.refresh(registrationRefresh).status()).isEqualTo(401);
        assertThat(server.refresh(one.refresh).status()).isEqualTo(401);
        assertThat(server.refresh(two.refresh).status()).isEqualTo(401);
        assertThat(me(one.access)).isEqualTo(401);
        assertThat(me(two.access)).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND user_id = '" + userId + "'"))
                .isZero();

        assertThat(me(bystander.access)).isEqualTo(200);
        assertThat(server.refresh(bystander.refresh).status()).isEqualTo(200);

        List<String> details = server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT details->>'sessions' FROM audit_events WHERE user_id = CAST(:id AS uuid) AND action = 'logout_all'")
                .bind("id", userId).mapTo(String.class).list());
        assertThat(details).containsExactly("3");

        // signing in again works and starts from one session
        Login again = login(email, "Agent-Again/1");
        assertThat(sessions(again.access, null, null).json().get("total").asLong()).isEqualTo(1);
        assertThat(server.client().post("/api/auth/logout-all").send().status()).isEqualTo(401);
    }

    private record Login(String access, String refresh, String sessionId, String agent, String ip) {
    }

    /** Registers and ends the registration's session, so the test controls every session. */
    private static String registerWithoutSession(String email) {
        ApiResponse registered = server.register(email, PASSWORD, "Sessions " + email);
        assertThat(registered.status()).isEqualTo(201);
        ApiResponse logout = server.client().post("/api/auth/logout")
                .json("{\"refreshToken\":\"" + registered.json().get("refreshToken").asText() + "\"}").send();
        assertThat(logout.status()).isEqualTo(204);
        return registered.json().get("user").get("id").asText();
    }

    private static Login login(String email, String agent) {
        String ip = AuthUnderTest.freshIp();
        ApiResponse response = server.client().post("/api/auth/login")
                .header("User-Agent", agent)
                .header("X-Forwarded-For", ip)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}")
                .send();
        assertThat(response.status()).isEqualTo(200);
        String access = response.json().get("accessToken").asText();
        return new Login(access, response.json().get("refreshToken").asText(),
                JWT.decode(access).getClaim("sid").asString(), agent, ip);
    }

    private static ApiResponse sessions(String access, Integer limit, Integer offset) {
        var call = server.client().get("/api/auth/sessions").bearer(access);
        if (limit != null) {
            call.query("limit", limit);
        }
        if (offset != null) {
            call.query("offset", offset);
        }
        ApiResponse response = call.send();
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static List<String> ids(ApiResponse page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static int me(String access) {
        return server.client().get("/api/auth/me").bearer(access).send().status();
    }
}
