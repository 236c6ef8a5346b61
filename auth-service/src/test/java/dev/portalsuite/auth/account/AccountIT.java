package dev.portalsuite.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import dev.portalsuite.shared.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();

    @Test
    void patchMeTrimsTheNameAndRoundTripsNestedPreferences() throws Exception {
        JsonNode pair = server.newUser("profile@example.com");
        String access = pair.get("accessToken").asText();
        String userId = pair.get("user").get("id").asText();
        assertThat(pair.get("user").get("preferences").isObject()).isTrue();
        assertThat(pair.get("user").get("preferences")).isEmpty();

        String preferences = """
                {"theme":"dark","lang":"nl-BE","greeting":"Grüße 😀 \\"quoted\\"",
                 "dashboard":{"widgets":[{"id":"w1","pos":[0,1],"visible":true},
                                         {"id":"w2","pos":[2,3],"visible":false,"opts":{}}],
                              "refreshSeconds":30,"ratio":0.75,"note":null,"tags":[]}}
                """;
        JsonNode expected = MAPPER.readTree(preferences);

        ApiResponse patched = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"fullName\":\"   Pat   Example \\t \",\"preferences\":" + preferences + "}")
                .send();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("fullName").asText()).isEqualTo("Pat   Example");
        assertThat(patched.json().get("preferences")).isEqualTo(expected);

        ApiResponse me = server.client().get("/api/auth/me").bearer(access).send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("fullName").asText()).isEqualTo("Pat   Example");
        assertThat(me.json().get("preferences")).isEqualTo(expected);
        assertThat(server.count("SELECT count(*) FROM users WHERE full_name = 'Pat   Example'")).isEqualTo(1);

        // only the given fields change
        ApiResponse renamed = server.client().patch("/api/auth/me").bearer(access).json("{\"fullName\":\"Pat\"}").send();
        assertThat(renamed.status()).isEqualTo(200);
        me = server.client().get("/api/auth/me").bearer(access).send();
        assertThat(me.json().get("fullName").asText()).isEqualTo("Pat");
        assertThat(me.json().get("preferences")).isEqualTo(expected);

        // preferences are replaced as a whole
        ApiResponse replaced = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":{\"theme\":\"light\"}}").send();
        assertThat(replaced.status()).isEqualTo(200);
        me = server.client().get("/api/auth/me").bearer(access).send();
        assertThat(me.json().get("preferences")).isEqualTo(MAPPER.readTree("{\"theme\":\"light\"}"));
        assertThat(me.json().get("fullName").asText()).isEqualTo("Pat");

        assertThat(actionsAbout(userId)).filteredOn("profile.updated"::equals).hasSize(3);
    }

    @Test
    void patchMeRejectsInvalidInputWithoutChangingAnything() throws Exception {
        JsonNode pair = server.newUser("profile-invalid@example.com");
        String access = pair.get("accessToken").asText();
        String userId = pair.get("user").get("id").asText();

        ApiResponse blank = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"fullName\":\"   \"}").send();
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.errorFields()).contains("fullName");

        ApiResponse notAnObject = server.client().patch("/api/auth/me").bearer(access).invalidRequest()
                .json("{\"preferences\":[1,2]}").send();
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.errorFields()).contains("preferences");

        String tooBig = "{\"preferences\":{\"blob\":\"" + "x".repeat(17 * 1024) + "\"}}";
        ApiResponse big = server.client().patch("/api/auth/me").bearer(access).json(tooBig).send();
        assertThat(big.status()).isEqualTo(400);

        // PostgreSQL's jsonb cannot hold U+0000: a client error, never a 500
        ApiResponse nul = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":{\"note\":\"a\\u0000b\"}}").send();
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.errorFields()).containsExactly("preferences.note");
        ApiResponse nulKey = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":{\"k\\u0000\":1}}").send();
        assertThat(nulKey.status()).isEqualTo(400);
        ApiResponse nulNested = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":{\"list\":[{\"x\":[\"ok\",\"\\u0000\"]}]}}").send();
        assertThat(nulNested.status()).isEqualTo(400);
        // a backslash followed by "u0000" is ordinary text
        ApiResponse literal = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":{\"path\":\"C:\\\\u0000\"}}").send();
        assertThat(literal.status()).isEqualTo(200);
        assertThat(literal.json().get("preferences").get("path").asText()).isEqualTo("C:\\u0000");

        ApiResponse me = server.client().get("/api/auth/me").bearer(access).send();
        assertThat(me.json().get("fullName").asText()).isEqualTo("User profile-invalid@example.com");
        assertThat(me.json().get("preferences")).isEqualTo(MAPPER.readTree("{\"path\":\"C:\\\\u0000\"}"));
        assertThat(actionsAbout(userId)).filteredOn("profile.updated"::equals).hasSize(1);
    }

    @Test
    void changingThePasswordRevokesEveryOtherSession() {
        String email = "pw-change@example.com";
        String oldPassword = "Old-Password-42";
        String newPassword = "New-Password-77";
        ApiResponse registered = server.register(email, oldPassword, "Pw Change");
        assertThat(registered.status()).isEqualTo(201);
        String userId = registered.json().get("user").get("id").asText();
        Session a = Session.of(registered);
        Session b = Session.of(login(email, oldPassword));
        Session c = Session.of(login(email, oldPassword));
        String hashBefore = passwordHash(userId);

        // wrong current password: 400 on currentPassword, nothing changes
        ApiResponse wrong = changePassword(b, "Wrong-Password-1", newPassword);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.isProblem()).isTrue();
        assertThat(wrong.errorFields()).containsExactly("currentPassword");
        assertThat(passwordHash(userId)).isEqualTo(hashBefore);
        assertThat(activeSessions(userId)).isEqualTo(3);

        // a common new password: 400, nothing changes
        ApiResponse common = changePassword(b, oldPassword, "Password1");
        assertThat(common.status()).isEqualTo(400);
        assertThat(common.errorFields()).containsExactly("newPassword");
        ApiResponse isEmail = changePassword(b, oldPassword, email.toUpperCase());
        assertThat(isEmail.status()).isEqualTo(400);
        assertThat(isEmail.errorFields()).containsExactly("newPassword");
        ApiResponse tooLong = changePassword(b, oldPassword, "é".repeat(37));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorFields()).containsExactly("newPassword");
        assertThat(passwordHash(userId)).isEqualTo(hashBefore);
        assertThat(activeSessions(userId)).isEqualTo(3);
        assertThat(me(a)).isEqualTo(200);
        assertThat(me(c)).isEqualTo(200);
        assertThat(actionsAbout(userId)).doesNotContain("password.changed");

        // success
        ApiResponse changed = changePassword(b, oldPassword, newPassword);
        assertThat(changed.status()).isEqualTo(204);
        assertThat(changed.body()).isEmpty();
        assertThat(passwordHash(userId)).isNotEqualTo(hashBefore);

        assertThat(server.refresh(a.refresh).status()).isEqualTo(401);
        assertThat(server.refresh(c.refresh).status()).isEqualTo(401);
        assertThat(me(a)).isEqualTo(401);
        assertThat(me(c)).isEqualTo(401);

        assertThat(me(b)).isEqualTo(200);
        ApiResponse refreshedB = server.refresh(b.refresh);
        assertThat(refreshedB.status()).isEqualTo(200);
        assertThat(server.client().get("/api/auth/me").bearer(refreshedB.json().get("accessToken").asText()).send().status())
                .isEqualTo(200);

        assertThat(server.login(email, oldPassword).status()).isEqualTo(401);
        assertThat(server.login(email, newPassword).status()).isEqualTo(200);

        List<String> actions = actionsAbout(userId);
        assertThat(actions).filteredOn("password.changed"::equals).hasSize(1);
        String details = server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT details::text FROM audit_events WHERE user_id = CAST(:id AS uuid) AND action = 'password.changed'")
                .bind("id", userId).mapTo(String.class).one());
        assertThat(details).contains("\"otherSessionsRevoked\": 2");
    }

    @Test
    void patchMeRefusesNullForFieldsThatCannotBeClearedAndChangesNothing() {
        JsonNode pair = server.newUser("nulls@example.com");
        String access = pair.get("accessToken").asText();
        ApiResponse before = server.client().get("/api/auth/me").bearer(access).send();

        ApiResponse refused = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"fullName\":null,\"preferences\":{\"y\":2}}").invalidRequest().send();
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        assertThat(refused.errorFields()).containsExactly("fullName");
        ApiResponse noPreferences = server.client().patch("/api/auth/me").bearer(access)
                .json("{\"preferences\":null}").invalidRequest().send();
        assertThat(noPreferences.status()).isEqualTo(400);
        assertThat(noPreferences.errorFields()).containsExactly("preferences");

        assertThat(server.client().get("/api/auth/me").bearer(access).send().json()).isEqualTo(before.json());
    }

    @Test
    void nulCharactersInEmailsAreClientErrors() {
        ApiResponse login = server.client().post("/api/auth/login")
                .json("{\"email\":\"a\\u0000b@example.com\",\"password\":\"whatever-123\"}").send();
        assertThat(login.status()).isEqualTo(400);
        assertThat(login.errorFields()).containsExactly("email");
        ApiResponse register = server.client().post("/api/auth/register")
                .json("{\"email\":\"a\\u0000b@example.com\",\"password\":\"whatever-123\",\"fullName\":\"Nul\"}").send();
        assertThat(register.status()).isEqualTo(400);
        assertThat(register.errorFields()).containsExactly("email");
        assertThat(server.count("SELECT count(*) FROM login_attempts")).isZero();
    }

    @Test
    void passwordChangeNeedsAToken() {
        ApiResponse anonymous = server.client().post("/api/auth/me/password")
                .json("{\"currentPassword\":\"whatever-123\",\"newPassword\":\"Something-New-9\"}").send();
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void bootstrapAdminExistsOnceAcrossRestarts() {
        ApiResponse login = server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("user").get("email").asText()).isEqualTo(AuthUnderTest.ADMIN_EMAIL);
        assertThat(login.json().get("user").get("roles").toString()).contains("\"admin\"");
        assertThat(JWT.decode(login.json().get("accessToken").asText()).getClaim("roles").asList(String.class))
                .contains("admin");
        assertThat(adminCount()).isEqualTo(1);

        try (AuthUnderTest second = new AuthUnderTest().database(server.databaseConfig()).start()) {
            assertThat(second.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).status()).isEqualTo(200);
        }
        assertThat(adminCount()).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM users WHERE email = '" + AuthUnderTest.ADMIN_EMAIL + "'"))
                .isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'bootstrap_admin.created'"))
                .isEqualTo(1);
        assertThat(server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    /**
     * Two replicas starting together on an empty database (compose and k8s run two). On a fresh database
     * Flyway's lock staggers the starts, so the migrated-but-empty case is where they meet at the bootstrap.
     */
    @ParameterizedTest(name = "migrated first: {0}")
    @ValueSource(booleans = {false, true})
    void twoInstancesStartingTogetherOnAnEmptyDatabaseCreateOneAdmin(boolean migratedFirst) throws Exception {
        DatabaseConfig empty = TestPostgres.newDatabase();
        if (migratedFirst) {
            new AuthUnderTest().database(empty).with(Map.of("BOOTSTRAP_ADMIN_EMAIL", "", "BOOTSTRAP_ADMIN_PASSWORD", "")).start().close();
        }
        Queue<AuthUnderTest> started = new ConcurrentLinkedQueue<>();
        try {
            // a production-like cost keeps the gap between "no admin yet" and the insert realistic
            List<Integer> adminLogins = Concurrently.run(2, i -> {
                AuthUnderTest instance = new AuthUnderTest().database(empty).with("BCRYPT_COST", "10").start();
                started.add(instance);
                return instance.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD).status();
            });

            assertThat(adminLogins).containsExactly(200, 200);
            AuthUnderTest any = started.peek();
            assertThat(any.count("SELECT count(*) FROM users")).isEqualTo(1);
            assertThat(any.count("SELECT count(*) FROM users WHERE 'admin' = ANY (roles)")).isEqualTo(1);
            assertThat(any.count("SELECT count(*) FROM audit_events WHERE action = 'bootstrap_admin.created'")).isEqualTo(1);
        } finally {
            started.forEach(AuthUnderTest::close);
        }
    }

    private record Session(String access, String refresh) {
        static Session of(ApiResponse response) {
            assertThat(response.status()).isIn(200, 201);
            return new Session(response.json().get("accessToken").asText(), response.json().get("refreshToken").asText());
        }
    }

    private static ApiResponse login(String email, String password) {
        ApiResponse response = server.login(email, password);
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static ApiResponse changePassword(Session session, String current, String next) {
        return server.client().post("/api/auth/me/password").bearer(session.access)
                .json("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}").send();
    }

    private static int me(Session session) {
        return server.client().get("/api/auth/me").bearer(session.access).send().status();
    }

    private static String passwordHash(String userId) {
        return server.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE id = CAST(:id AS uuid)")
                .bind("id", userId).mapTo(String.class).one());
    }

    private static long activeSessions(String userId) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) FROM sessions WHERE user_id = CAST(:id AS uuid) AND revoked_at IS NULL")
                .bind("id", userId).mapTo(Long.class).one());
    }

    private static long adminCount() {
        return server.count("SELECT count(*) FROM users WHERE 'admin' = ANY (roles)");
    }

    private static List<String> actionsAbout(String userId) {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT action FROM audit_events WHERE user_id = CAST(:id AS uuid) ORDER BY occurred_at")
                .bind("id", userId).mapTo(String.class).list());
    }
}
