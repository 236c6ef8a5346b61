package dev.portalsuite.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.portalsuite.shared.testing.ProblemAssert.assertCleanProblem;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TableDigest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * User administration over HTTP. portal-service, asked about the organisation a user is moved into, is faked by a
 * MockWebServer on loopback that knows the organisations in {@link #ORGS} (any other id is a 404) and answers
 * 500 for {@link #BROKEN_ORG}.
 */
class AdminUsersIT {
    private static final String PASSWORD = "Admin-Tests-Pw-9";
    private static final List<String> TABLES = List.of("users", "sessions", "refresh_tokens", "audit_events");
    /** Organisation id → {type, status}, as the fake portal-service reports them. */
    private static final Map<String, String[]> ORGS = new ConcurrentHashMap<>();
    private static final String BROKEN_ORG = UUID.randomUUID().toString();
    /** Every lookup the fake portal-service received: "path Authorization". */
    private static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();
    private static MockWebServer portal;
    private static AuthUnderTest server;
    private static String admin;
    private static String adminId;

    @BeforeAll
    static void start() throws IOException {
        portal = new MockWebServer();
        portal.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                LOOKUPS.add(path + " " + request.getHeaders().get("Authorization"));
                String id = path.substring(path.lastIndexOf('/') + 1);
                if (!request.getMethod().equals("GET") || !path.startsWith("/api/portal/orgs/")) {
                    return new MockResponse.Builder().code(405).build();
                }
                if (id.equals(BROKEN_ORG)) {
                    return new MockResponse.Builder().code(500).body("boom").build();
                }
                String[] org = ORGS.get(id);
                if (org == null) {
                    return new MockResponse.Builder().code(404).addHeader("Content-Type", "application/problem+json")
                            .body("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}").build();
                }
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body("{\"id\":\"" + id + "\",\"type\":\"" + org[0] + "\",\"name\":\"Org " + id
                                + "\",\"parentId\":null,\"status\":\"" + org[1] + "\"}")
                        .build();
            }
        });
        portal.start();
        server = new AuthUnderTest().with(Map.of("PORTAL_URL", portal.url("/").toString())).start();
        admin = server.adminToken();
        adminId = JWT.decode(admin).getSubject();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (portal != null) {
            portal.close();
        }
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
        assertThat(theAdmin.get("email").asText()).isEqualTo(AuthUnderTest.ADMIN_EMAIL);
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
                .invalidRequest().send().status()).isEqualTo(400);
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
        String orgId = org("MSP", "ACTIVE");

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

    @Test
    void rolesAreANonEmptyListOfDistinctPersonRoles() {
        String email = "roles@example.com";
        String id = register(email, "Roles User");
        String access = loginOk(email).get("accessToken").asText();
        int lookups = LOOKUPS.size();

        // service is the role of service clients, never of a person: alone, with others, or with other changes
        ApiResponse service = rejected(id, "{\"roles\":[\"service\"]}", 400, "roles", false);
        assertThat(service.json().get("errors").get(0).get("message").asText()).contains("service clients");
        rejected(id, "{\"roles\":[\"user\",\"service\"]}", 400, "roles", false);
        rejected(id, "{\"roles\":[\"service\"],\"disabled\":true}", 400, "roles", false);
        // unknown roles, also in another case
        ApiResponse wizard = rejected(id, "{\"roles\":[\"wizard\"]}", 400, "roles", false);
        assertThat(wizard.json().get("errors").get(0).get("message").asText()).contains("wizard");
        rejected(id, "{\"roles\":[\"Admin\"]}", 400, "roles", false);
        rejected(id, "{\"roles\":[\"user\",\"\"]}", 400, "roles", false);
        rejected(id, "{\"roles\":[null]}", 400, "roles", false);
        // duplicates, empty lists and other shapes
        ApiResponse twice = rejected(id, "{\"roles\":[\"user\",\"user\"]}", 400, "roles", false);
        assertThat(twice.json().get("errors").get(0).get("message").asText()).contains("more than once");
        rejected(id, "{\"roles\":[\"admin\",\"user\",\"admin\"],\"disabled\":true}", 400, "roles", false);
        rejected(id, "{\"roles\":[]}", 400, "roles", false);
        rejected(id, "{\"roles\":null}", 400, "roles", false);
        rejected(id, "{\"disabled\":null,\"roles\":[\"user\"]}", 400, "disabled", false);
        rejected(id, "{\"roles\":\"user\"}", 400, "roles", false);
        rejected(id, "{\"roles\":[[\"user\"]]}", 400, "roles", false);
        rejected(id, "{\"roles\":[42]}", 400, "roles", false);

        JsonNode unchanged = get(id).json();
        assertThat(unchanged.get("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(unchanged.get("disabled").asBoolean()).isFalse();
        assertThat(me(access)).isEqualTo(200);

        // control: several distinct person roles are kept in the order given
        ApiResponse ok = patch(id, "{\"roles\":[\"user\",\"inventory\"]}");
        assertThat(ok.status()).as("%s", ok).isEqualTo(200);
        assertThat(ok.json().get("roles").toString()).isEqualTo("[\"user\",\"inventory\"]");
        assertThat(JWT.decode(loginOk(email).get("accessToken").asText()).getClaim("roles").asList(String.class))
                .containsExactly("user", "inventory");
        assertThat(countAbout(id, "user.roles_changed")).isEqualTo(1);
        assertThat(LOOKUPS).as("roles alone never ask portal-service").hasSize(lookups);
    }

    @Test
    void aNewOrganisationMustExistAndBeOfTheGivenType() {
        String email = "moved@example.com";
        String id = register(email, "Moved User");
        String msp = org("MSP", "ACTIVE");
        String client = org("CLIENT", "ACTIVE");
        String archived = org("MSP", "ARCHIVED");
        String unknown = UUID.randomUUID().toString();

        // an organisation portal-service does not know (404): 400 on orgId, also alongside other changes
        ApiResponse missing = rejected(id, "{\"orgId\":\"" + unknown + "\",\"orgType\":\"MSP\"}", 400, "orgId", true);
        assertThat(missing.json().get("errors").get(0).get("message").asText()).isEqualTo("no such organisation");
        rejected(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + unknown + "\",\"orgType\":\"MSP\",\"disabled\":true}",
                400, "orgId", true);
        // an MSP given as a CLIENT (and the other way round): 400 on orgType
        ApiResponse wrongType = rejected(id, "{\"roles\":[\"client\"],\"orgId\":\"" + msp + "\",\"orgType\":\"CLIENT\"}",
                400, "orgType", true);
        assertThat(wrongType.json().get("errors").get(0).get("message").asText()).contains("MSP");
        rejected(id, "{\"orgId\":\"" + client + "\",\"orgType\":\"MSSP\"}", 400, "orgType", true);
        // an archived organisation takes no new members
        rejected(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + archived + "\",\"orgType\":\"MSP\"}", 409, null, true);
        // the pairing rule is checked before anything is asked
        rejected(id, "{\"orgId\":\"" + msp + "\"}", 400, "orgType", true);
        rejected(id, "{\"orgType\":\"MSP\"}", 400, "orgType", true);
        rejected(id, "{\"orgId\":\"" + msp + "\",\"orgType\":null}", 400, "orgType", true);
        assertThat(lookupsOf(msp)).as("only the well-formed change was asked about").isEqualTo(1);
        assertThat(get(id).json().get("orgId").isNull()).isTrue();
        assertThat(countAbout(id, "user.updated")).isZero();

        // the organisation exists and is of that type: asked with the admin's own token
        ApiResponse moved = patch(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + msp + "\",\"orgType\":\"MSP\"}");
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        assertThat(moved.json().get("orgId").asText()).isEqualTo(msp);
        assertThat(moved.json().get("orgType").asText()).isEqualTo("MSP");
        assertThat(LOOKUPS).contains("/api/portal/orgs/" + msp + " Bearer " + admin);
        assertThat(LOOKUPS).allSatisfy(lookup -> assertThat(lookup).endsWith(" Bearer " + admin));
        assertThat(countAbout(id, "user.updated")).isEqualTo(1);

        // the same organisation again is no change and needs no lookup; nor does clearing it
        int lookups = lookupsOf(msp);
        assertThat(patch(id, "{\"roles\":[\"msp\",\"user\"],\"orgId\":\"" + msp + "\",\"orgType\":\"MSP\"}").status())
                .isEqualTo(200);
        assertThat(lookupsOf(msp)).isEqualTo(lookups);
        assertThat(countAbout(id, "user.updated")).isEqualTo(1);
        // moving to another organisation is asked about again
        ApiResponse toClient = patch(id, "{\"roles\":[\"client\"],\"orgId\":\"" + client + "\",\"orgType\":\"CLIENT\"}");
        assertThat(toClient.status()).as("%s", toClient).isEqualTo(200);
        assertThat(lookupsOf(client)).isEqualTo(2);
        int before = LOOKUPS.size();
        ApiResponse cleared = patch(id, "{\"roles\":[\"user\"],\"orgId\":null,\"orgType\":null}");
        assertThat(cleared.status()).as("%s", cleared).isEqualTo(200);
        assertThat(cleared.json().get("orgId").isNull()).isTrue();
        assertThat(LOOKUPS).hasSize(before);
        assertThat(countAbout(id, "user.updated")).isEqualTo(3);
    }

    @Test
    void portalServiceDownOrFailingIsA503AndNothingChanges() throws IOException {
        String email = "stranded@example.com";
        String id = register(email, "Stranded User");
        String access = loginOk(email).get("accessToken").asText();
        String msp = org("MSP", "ACTIVE");

        // portal-service answers 500: nothing is decided, nothing written — not even the other fields
        ApiResponse failing = rejected(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + BROKEN_ORG
                + "\",\"orgType\":\"MSP\",\"disabled\":true}", 503, null, true);
        assertThat(failing.header("Retry-After")).isNotBlank();
        assertThat(me(access)).isEqualTo(200);

        // portal-service unreachable: a second instance on the same database, pointed at a closed port
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (AuthUnderTest cutOff = new AuthUnderTest().database(server.databaseConfig()).with("PORTAL_URL", "http://127.0.0.1:" + closedPort).start()) {
            String token = cutOff.adminToken();
            Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
            ApiResponse down = cutOff.client().patch("/api/auth/admin/users/" + id).bearer(token)
                    .json("{\"roles\":[\"msp\"],\"orgId\":\"" + msp + "\",\"orgType\":\"MSP\"}").send();
            assertCleanProblem(down, 503);
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(TableDigest.of(server.jdbi(), TABLES)).isEqualTo(before);
            // changes that need no organisation do not ask portal-service
            ApiResponse rolesOnly = cutOff.client().patch("/api/auth/admin/users/" + id).bearer(token)
                    .json("{\"roles\":[\"user\",\"inventory\"]}").send();
            assertThat(rolesOnly.status()).as("%s", rolesOnly).isEqualTo(200);
        }
        JsonNode after = get(id).json();
        assertThat(after.get("roles").toString()).isEqualTo("[\"user\",\"inventory\"]");
        assertThat(after.get("orgId").isNull()).isTrue();
        assertThat(after.get("disabled").asBoolean()).isFalse();
        assertThat(lookupsOf(msp)).isZero();

        // portal-service back: the same change goes through
        assertThat(patch(id, "{\"roles\":[\"msp\"],\"orgId\":\"" + msp + "\",\"orgType\":\"MSP\"}").status())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    /** An organisation the fake portal-service knows. */
    private static String org(String type, String status) {
        String id = UUID.randomUUID().toString();
        ORGS.put(id, new String[] {type, status});
        return id;
    }

    private static int lookupsOf(String orgId) {
        return (int) LOOKUPS.stream().filter(lookup -> lookup.startsWith("/api/portal/orgs/" + orgId + " ")).count();
    }

    /**
     * Sends a PATCH the service must refuse: a clean problem with {@code status} naming only {@code field}, and no row
     * of users, sessions, refresh tokens or audit events changed.
     */
    private static ApiResponse rejected(String id, String json, int status, String field, boolean validForTheContract) {
        Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
        ApiClient.Call call = server.client().patch("/api/auth/admin/users/" + id).bearer(admin).json(json);
        if (!validForTheContract) {
            call.invalidRequest();
        }
        ApiResponse response = call.send();
        assertCleanProblem(response, status);
        if (field != null) {
            // shape errors name the element, e.g. roles[0]
            assertThat(response.errorFields()).as("%s -> %s", json, response).isNotEmpty()
                    .allSatisfy(named -> assertThat(named).startsWith(field));
        }
        assertThat(TableDigest.of(server.jdbi(), TABLES)).as("database after %s", json).isEqualTo(before);
        return response;
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
