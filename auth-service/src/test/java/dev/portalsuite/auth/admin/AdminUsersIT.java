package dev.portalsuite.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthTestServer;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AdminUsersIT {
    private static final String PASSWORD = "Admin-Tests-Pw-9";
    private static AuthTestServer server;
    private static String admin;
    private static String adminId;

    @BeforeAll
    static void start() {
        server = AuthTestServer.start(Map.of());
        admin = server.adminToken();
        adminId = JWT.decode(admin).getSubject();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listSearchesEmailAndNameAndFiltersByRole() {
        String anna = register("q-anna@example.com", "Anna Quirk");
        String bob = register("q-bob@example.com", "Bob 100% Sure");
        String percy = register("per%cent@example.com", "Percy");
        String underscore = register("zz_x@example.com", "Zed");
        register("zzax@example.com", "Zed Two");

        ApiResponse byName = list(Map.of("q", "QUIRK"));
        assertThat(ids(byName)).containsExactly(anna);
        assertThat(byName.json().get("total").asLong()).isEqualTo(1);
        assertThat(ids(list(Map.of("q", "Q-ANNA@EXAMPLE")))).containsExactly(anna);
        assertThat(ids(list(Map.of("q", "  quirk  ")))).containsExactly(anna);

        // % and _ are literal, not wildcards
        ApiResponse percent = list(Map.of("q", "%"));
        assertThat(ids(percent)).containsExactlyInAnyOrder(bob, percy);
        assertThat(percent.json().get("total").asLong()).isEqualTo(2);
        assertThat(ids(list(Map.of("q", "100%")))).containsExactly(bob);
        assertThat(ids(list(Map.of("q", "zz_")))).containsExactly(underscore);
        assertThat(list(Map.of("q", "no-such-user-anywhere")).json().get("total").asLong()).isZero();

        ApiResponse admins = list(Map.of("role", "admin"));
        assertThat(admins.json().get("total").asLong()).isEqualTo(1);
        assertThat(admins.json().get("items")).hasSize(1);
        JsonNode theAdmin = admins.json().get("items").get(0);
        assertThat(theAdmin.get("email").asText()).isEqualTo(AuthTestServer.ADMIN_EMAIL);
        assertThat(theAdmin.get("id").asText()).isEqualTo(adminId);
        assertThat(theAdmin.get("roles").toString()).contains("\"admin\"");
        assertThat(ids(list(Map.of("role", "user", "q", "quirk")))).containsExactly(anna);
        assertThat(list(Map.of("role", "msp", "q", "quirk")).json().get("total").asLong()).isZero();

        // the envelope and paging
        long users = server.count("SELECT count(*) FROM users");
        ApiResponse page = list(Map.of("limit", "2", "offset", "1"));
        assertThat(page.json().get("total").asLong()).isEqualTo(users);
        assertThat(page.json().get("limit").asInt()).isEqualTo(2);
        assertThat(page.json().get("offset").asInt()).isEqualTo(1);
        assertThat(page.json().get("items")).hasSize(2);
        JsonNode item = page.json().get("items").get(0);
        assertThat(item.has("disabled")).isTrue();
        assertThat(item.has("failedAttempts")).isTrue();
        assertThat(item.has("lockedUntil")).isTrue();
        List<String> all = ids(list(Map.of("limit", "200")));
        assertThat(all).hasSize((int) users);
        assertThat(ids(page)).containsExactlyElementsOf(all.subList(1, 3));

        assertThat(server.client().get("/api/auth/admin/users").bearer(admin).query("role", "wizard").invalidRequest()
                .send().status()).isEqualTo(400);
        // PostgreSQL text cannot hold U+0000: a client error, never a 500
        assertThat(server.client().get("/api/auth/admin/users").bearer(admin).query("q", "a\0b")
                .send().status()).isEqualTo(400);
        assertThat(server.client().get("/api/auth/admin/audit").bearer(admin).query("action", "login\0")
                .send().status()).isEqualTo(400);
    }

    @Test
    void getShowsAccountStateAndFailedAttempts() {
        String email = "failing@example.com";
        String id = register(email, "Failing User");
        assertThat(server.login(email, "Wrong-Password-1").status()).isEqualTo(401);
        assertThat(server.login(email, "Wrong-Password-2").status()).isEqualTo(401);

        ApiResponse user = get(id);
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().get("email").asText()).isEqualTo(email);
        assertThat(user.json().get("fullName").asText()).isEqualTo("Failing User");
        assertThat(user.json().get("disabled").asBoolean()).isFalse();
        assertThat(user.json().get("failedAttempts").asInt()).isEqualTo(2);
        assertThat(user.json().get("lockedUntil").isNull()).isTrue();

        assertThat(server.login(email, PASSWORD).status()).isEqualTo(200);
        assertThat(get(id).json().get("failedAttempts").asInt()).isZero();
    }

    @Test
    void changingRolesAndOrgReachesTheNextToken() {
        String email = "promoted@example.com";
        String id = register(email, "Promoted User");
        String orgId = UUID.randomUUID().toString();

        ApiResponse patched = patch(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + orgId + "\",\"orgType\":\"MSP\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("roles").toString()).isEqualTo("[\"msp\"]");
        assertThat(patched.json().get("orgId").asText()).isEqualTo(orgId);
        assertThat(patched.json().get("orgType").asText()).isEqualTo("MSP");

        DecodedJWT token = JWT.decode(loginOk(email).get("accessToken").asText());
        assertThat(token.getClaim("roles").asList(String.class)).containsExactly("msp");
        assertThat(token.getClaim("org").asString()).isEqualTo(orgId);
        assertThat(token.getClaim("orgType").asString()).isEqualTo("MSP");

        List<Map<String, Object>> changes = server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT actor_id::text AS actor, details::text AS details FROM audit_events "
                                + "WHERE user_id = CAST(:id AS uuid) AND action = 'user.roles_changed'")
                .bind("id", id).mapToMap().list());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).get("actor")).isEqualTo(adminId);
        assertThat((String) changes.get(0).get("details")).contains("\"msp\"").contains("\"user\"");

        // invalid changes: 400 and nothing changes
        ApiResponse orgWithoutType = patch(id, "{\"orgId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(orgWithoutType.status()).isEqualTo(400);
        assertThat(orgWithoutType.errorFields()).contains("orgType");
        ApiResponse unknownRole = server.client().patch("/api/auth/admin/users/" + id).bearer(admin).invalidRequest()
                .json("{\"roles\":[\"wizard\"]}").send();
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(unknownRole.errorFields()).contains("roles");
        ApiResponse noRoles = server.client().patch("/api/auth/admin/users/" + id).bearer(admin).invalidRequest()
                .json("{\"roles\":[]}").send();
        assertThat(noRoles.status()).isEqualTo(400);
        JsonNode unchanged = get(id).json();
        assertThat(unchanged.get("roles").toString()).isEqualTo("[\"msp\"]");
        assertThat(unchanged.get("orgId").asText()).isEqualTo(orgId);
        assertThat(countAbout(id, "user.roles_changed")).isEqualTo(1);

        // orgId and orgType cleared together with JSON null
        ApiResponse cleared = patch(id, "{\"roles\":[\"user\"],\"orgId\":null,\"orgType\":null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.json().get("orgId").isNull()).isTrue();
        assertThat(cleared.json().get("orgType").isNull()).isTrue();
        DecodedJWT plain = JWT.decode(loginOk(email).get("accessToken").asText());
        assertThat(plain.getClaim("roles").asList(String.class)).containsExactly("user");
        assertThat(plain.getClaim("org").isMissing()).isTrue();
        assertThat(countAbout(id, "user.roles_changed")).isEqualTo(2);
    }

    @Test
    void disablingRevokesSessionsAndBlocksLoginUntilReEnabled() {
        String email = "disabled@example.com";
        ApiResponse registered = server.register(email, PASSWORD, "Disabled User");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.json().get("user").get("id").asText();
        JsonNode second = loginOk(email);
        List<JsonNode> sessions = List.of(registered.json(), second);

        ApiResponse disabled = patch(id, "{\"disabled\":true}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        for (JsonNode pair : sessions) {
            assertThat(me(pair.get("accessToken").asText())).isEqualTo(401);
            assertThat(server.refresh(pair.get("refreshToken").asText()).status()).isEqualTo(401);
        }

        ApiResponse refused = server.login(email, PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(server.login(email, "Not-The-Password-1").status()).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM sessions WHERE revoked_at IS NULL AND user_id = '" + id + "'"))
                .isZero();
        assertThat(countAbout(id, "user.disabled")).isEqualTo(1);
        assertThat(countAbout(id, "login.disabled")).isEqualTo(1);

        ApiResponse enabled = patch(id, "{\"disabled\":false}");
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("disabled").asBoolean()).isFalse();
        JsonNode back = loginOk(email);
        assertThat(me(back.get("accessToken").asText())).isEqualTo(200);
        assertThat(countAbout(id, "user.enabled")).isEqualTo(1);
        // the sessions revoked by disabling stay dead
        assertThat(me(second.get("accessToken").asText())).isEqualTo(401);
    }

    @Test
    void adminCannotLockItselfOut() {
        assertThat(patch(adminId, "{\"disabled\":true}").status()).isEqualTo(409);
        assertThat(patch(adminId, "{\"roles\":[\"user\"]}").status()).isEqualTo(409);
        assertThat(patch(adminId, "{\"roles\":[\"mssp\"],\"disabled\":false}").status()).isEqualTo(409);
        ApiResponse deleteSelf = server.client().delete("/api/auth/admin/users/" + adminId).bearer(admin).send();
        assertThat(deleteSelf.status()).isEqualTo(409);
        assertThat(deleteSelf.isProblem()).isTrue();

        JsonNode self = get(adminId).json();
        assertThat(self.get("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(self.get("disabled").asBoolean()).isFalse();
        assertThat(list(Map.of("role", "admin")).json().get("total").asLong()).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE user_id = '" + adminId
                + "' AND action IN ('user.disabled', 'user.roles_changed', 'user.deleted')")).isZero();
    }

    @Test
    void deletingAUserEndsItsSessionsAndKeepsItsAudit() {
        String email = "deleted@example.com";
        ApiResponse registered = server.register(email, PASSWORD, "Deleted User");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.json().get("user").get("id").asText();
        String access = registered.json().get("accessToken").asText();
        String refresh = registered.json().get("refreshToken").asText();
        long auditBefore = server.count("SELECT count(*) FROM audit_events WHERE user_id = '" + id + "'");
        assertThat(auditBefore).isPositive();

        ApiResponse deleted = server.client().delete("/api/auth/admin/users/" + id).bearer(admin).send();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(get(id).status()).isEqualTo(404);
        assertThat(me(access)).isEqualTo(401);
        assertThat(server.refresh(refresh).status()).isEqualTo(401);
        assertThat(server.login(email, PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().delete("/api/auth/admin/users/" + id).bearer(admin).send().status()).isEqualTo(404);

        assertThat(server.count("SELECT count(*) FROM audit_events WHERE user_id = '" + id + "'"))
                .isGreaterThan(auditBefore);
        ApiResponse audit = server.client().get("/api/auth/admin/audit").bearer(admin).query("userId", id).send();
        assertThat(audit.status()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        audit.json().get("items").forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("register", "user.deleted");
        assertThat(audit.json().get("items").get(0).get("action").asText()).isEqualTo("user.deleted");
        assertThat(audit.json().get("items").get(0).get("actorId").asText()).isEqualTo(adminId);

        // the email is free again
        assertThat(server.register(email, PASSWORD, "Deleted User Again").status()).isEqualTo(201);
    }

    @Test
    void unlockLiftsALockout() {
        String email = "locked@example.com";
        String id = register(email, "Locked User");
        for (int i = 1; i <= 5; i++) {
            assertThat(server.login(email, "Wrong-Password-" + i).status()).isEqualTo(401);
        }
        ApiResponse locked = server.login(email, PASSWORD);
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.header("Retry-After")).isNotNull();
        JsonNode state = get(id).json();
        assertThat(state.get("lockedUntil").isNull()).isFalse();
        assertThat(state.get("failedAttempts").asInt()).isEqualTo(5);

        ApiResponse unlocked = server.client().post("/api/auth/admin/users/" + id + "/unlock").bearer(admin).send();
        assertThat(unlocked.status()).isEqualTo(204);
        JsonNode after = get(id).json();
        assertThat(after.get("lockedUntil").isNull()).isTrue();
        assertThat(after.get("failedAttempts").asInt()).isZero();
        assertThat(server.login(email, PASSWORD).status()).isEqualTo(200);
        assertThat(countAbout(id, "user.unlocked")).isEqualTo(1);
    }

    @Test
    void everyAdminRouteNeedsAnAdmin() {
        JsonNode plain = server.newUser("plain@example.com");
        String user = plain.get("accessToken").asText();
        String target = register("target@example.com", "Target User");

        for (boolean withToken : new boolean[] {true, false}) {
            int expected = withToken ? 403 : 401;
            List<ApiClient.Call> calls = List.of(
                    server.client().get("/api/auth/admin/users"),
                    server.client().get("/api/auth/admin/users/" + target),
                    server.client().patch("/api/auth/admin/users/" + target).json("{\"disabled\":true}"),
                    server.client().patch("/api/auth/admin/users/" + target).json("{\"roles\":[\"admin\"]}"),
                    server.client().delete("/api/auth/admin/users/" + target),
                    server.client().post("/api/auth/admin/users/" + target + "/unlock"),
                    server.client().get("/api/auth/admin/audit"));
            for (ApiClient.Call call : calls) {
                if (withToken) {
                    call.bearer(user);
                }
                ApiResponse response = call.send();
                assertThat(response.status()).as("%s", response).isEqualTo(expected);
                assertThat(response.isProblem()).isTrue();
            }
        }
        JsonNode untouched = get(target).json();
        assertThat(untouched.get("disabled").asBoolean()).isFalse();
        assertThat(untouched.get("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(me(user)).isEqualTo(200);
    }

    @Test
    void unknownIdsAreNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertThat(get(unknown).status()).isEqualTo(404);
        assertThat(patch(unknown, "{\"disabled\":true}").status()).isEqualTo(404);
        assertThat(server.client().delete("/api/auth/admin/users/" + unknown).bearer(admin).send().status()).isEqualTo(404);
        assertThat(server.client().post("/api/auth/admin/users/" + unknown + "/unlock").bearer(admin).send().status())
                .isEqualTo(404);
        assertThat(server.client().get("/api/auth/admin/users/not-a-uuid").bearer(admin).invalidRequest().send().status())
                .isEqualTo(400);
    }

    private static String register(String email, String fullName) {
        ApiResponse response = server.register(email, PASSWORD, fullName);
        assertThat(response.status()).as("register %s: %s", email, response).isEqualTo(201);
        return response.json().get("user").get("id").asText();
    }

    private static JsonNode loginOk(String email) {
        ApiResponse response = server.login(email, PASSWORD);
        assertThat(response.status()).as("login %s: %s", email, response).isEqualTo(200);
        return response.json();
    }

    private static ApiResponse list(Map<String, String> query) {
        ApiClient.Call call = server.client().get("/api/auth/admin/users").bearer(admin);
        query.forEach(call::query);
        ApiResponse response = call.send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response;
    }

    private static ApiResponse get(String id) {
        return server.client().get("/api/auth/admin/users/" + id).bearer(admin).send();
    }

    private static ApiResponse patch(String id, String json) {
        return server.client().patch("/api/auth/admin/users/" + id).bearer(admin).json(json).send();
    }

    private static int me(String access) {
        return server.client().get("/api/auth/me").bearer(access).send().status();
    }

    private static List<String> ids(ApiResponse page) {
        List<String> ids = new ArrayList<>();
        page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static long countAbout(String userId, String action) {
        return server.count("SELECT count(*) FROM audit_events WHERE user_id = '" + userId + "' AND action = '" + action + "'");
    }
}
