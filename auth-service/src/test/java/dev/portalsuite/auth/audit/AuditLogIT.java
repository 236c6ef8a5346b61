package dev.portalsuite.auth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The audit log is append-only in the database, searchable by admins, and never holds secrets. */
class AuditLogIT {
    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CAROL = "carol@example.com";
    private static final String ALICE_PASSWORD = "Alice-First-Passw0rd";
    private static final String ALICE_NEW_PASSWORD = "Alice-Second-Passw0rd";
    private static final String BOB_PASSWORD = "Bob-Own-Passw0rd-77";
    private static final String CAROL_PASSWORD = "Carol-Own-Passw0rd-88";
    private static final String WRONG_PASSWORD = "Wrong-Guess-Passw0rd-1";
    private static final String OTHER_WRONG_PASSWORD = "Another-Wrong-Guess-2";

    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String adminToken;
    private static String aliceId;
    private static String bobId;
    private static String carolId;
    private static String bobToken;
    /** Every password and token this test sent or received; none may appear in the audit log. */
    private static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() {
        ApiClient client = server.client();
        adminToken = server.adminToken();
        secrets.addAll(List.of(AuthUnderTest.ADMIN_PASSWORD, adminToken, ALICE_PASSWORD, ALICE_NEW_PASSWORD,
                BOB_PASSWORD, CAROL_PASSWORD, WRONG_PASSWORD, OTHER_WRONG_PASSWORD));

        JsonNode alice = ok(server.register(ALICE, ALICE_PASSWORD, "Alice Example"), 201);
        aliceId = alice.get("user").get("id").asText();
        keep(alice);
        JsonNode aliceLogin = ok(server.login(ALICE, ALICE_PASSWORD), 200);
        keep(aliceLogin);
        assertThat(server.login(ALICE, WRONG_PASSWORD).status()).isEqualTo(401);
        JsonNode refreshed = ok(server.refresh(aliceLogin.get("refreshToken").asText()), 200);
        keep(refreshed);
        // reusing the spent refresh token: theft detection, audited
        assertThat(server.refresh(aliceLogin.get("refreshToken").asText()).status()).isEqualTo(401);
        assertThat(client.post("/api/auth/me/password").bearer(alice.get("accessToken").asText())
                .json("{\"currentPassword\":\"" + ALICE_PASSWORD + "\",\"newPassword\":\"" + ALICE_NEW_PASSWORD + "\"}")
                .send().status()).isEqualTo(204);
        assertThat(client.post("/api/auth/logout").json("{\"refreshToken\":\"" + alice.get("refreshToken").asText() + "\"}")
                .send().status()).isEqualTo(204);

        JsonNode bob = ok(server.register(BOB, BOB_PASSWORD, "Bob Example"), 201);
        bobId = bob.get("user").get("id").asText();
        keep(bob);
        assertThat(server.login(BOB, WRONG_PASSWORD).status()).isEqualTo(401);
        assertThat(server.login(BOB, OTHER_WRONG_PASSWORD).status()).isEqualTo(401);
        assertThat(client.post("/api/auth/admin/users/" + bobId + "/unlock").bearer(adminToken).send().status())
                .isEqualTo(204);
        JsonNode bobLogin = ok(server.login(BOB, BOB_PASSWORD), 200);
        keep(bobLogin);
        bobToken = bobLogin.get("accessToken").asText();

        JsonNode carol = ok(server.register(CAROL, CAROL_PASSWORD, "Carol Example"), 201);
        carolId = carol.get("user").get("id").asText();
        keep(carol);
        assertThat(client.patch("/api/auth/admin/users/" + carolId).bearer(adminToken)
                .json("{\"roles\":[\"user\",\"inventory\"]}").send().status()).isEqualTo(200);
        assertThat(client.delete("/api/auth/admin/users/" + carolId).bearer(adminToken).send().status()).isEqualTo(204);
    }

    // ---------------------------------------------------------------- append-only

    @Test
    void theDatabaseRefusesToChangeOrRemoveAuditRows() {
        String before = fingerprint();
        assertThat(server.count("SELECT count(*) FROM audit_events")).isGreaterThan(10);

        for (String sql : List.of(
                "UPDATE audit_events SET action = 'x'",
                "UPDATE audit_events SET details = '{}'::jsonb WHERE user_id = CAST('" + aliceId + "' AS uuid)",
                "DELETE FROM audit_events",
                "DELETE FROM audit_events WHERE user_id = CAST('" + bobId + "' AS uuid)",
                "TRUNCATE audit_events",
                "TRUNCATE audit_events CASCADE")) {
            assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(sql)))
                    .as(sql)
                    .isInstanceOf(JdbiException.class)
                    .hasRootCauseInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
            assertThat(fingerprint()).as("rows after " + sql).isEqualTo(before);
        }
    }

    @Test
    void deletingAUserKeepsItsAuditTrail() {
        assertThat(server.count("SELECT count(*) FROM users WHERE id = CAST('" + carolId + "' AS uuid)")).isZero();
        JsonNode page = audit(Map.of("userId", carolId, "limit", "200"));
        assertThat(actions(page)).contains("register", "user.roles_changed", "user.deleted");
    }

    // ---------------------------------------------------------------- the admin endpoint

    @Test
    void filtersByUserId() {
        JsonNode page = audit(Map.of("userId", aliceId, "limit", "200"));
        assertThat(page.get("total").asLong())
                .isEqualTo(server.count("SELECT count(*) FROM audit_events WHERE user_id = CAST('" + aliceId + "' AS uuid)"))
                .isEqualTo(page.get("items").size());
        page.get("items").forEach(item -> assertThat(item.get("userId").asText()).isEqualTo(aliceId));
        assertThat(actions(page)).contains("register", "login.succeeded", "login.failed", "refresh",
                "refresh.reuse_detected", "password.changed", "logout");
        assertThat(actions(page)).doesNotContain("user.unlocked", "user.deleted");
    }

    @Test
    void filtersByAction() {
        JsonNode page = audit(Map.of("action", "login.failed", "limit", "200"));
        assertThat(page.get("total").asLong())
                .isEqualTo(server.count("SELECT count(*) FROM audit_events WHERE action = 'login.failed'"))
                .isEqualTo(3);
        page.get("items").forEach(item -> assertThat(item.get("action").asText()).isEqualTo("login.failed"));
        List<String> users = new ArrayList<>();
        page.get("items").forEach(item -> users.add(item.get("userId").asText()));
        assertThat(users).containsExactlyInAnyOrder(aliceId, bobId, bobId);

        JsonNode both = audit(Map.of("action", "login.failed", "userId", bobId));
        assertThat(both.get("total").asLong()).isEqualTo(2);

        // a recorded kind of event that has not happened yet: an empty page
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'identity.linked'")).isZero();
        JsonNode none = audit(Map.of("action", "identity.linked"));
        assertThat(none.get("total").asLong()).isZero();
        assertThat(none.get("items")).isEmpty();

        // an action the log never records is a mistake, not an empty result (as in every service)
        ApiResponse unknown = server.client().get("/api/auth/admin/audit").bearer(adminToken)
                .query("action", "no.such.action").invalidRequest().send();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorFields()).containsExactly("action");
    }

    @Test
    void filtersByTimeRangeFromInclusiveToExclusive() {
        JsonNode all = audit(Map.of("limit", "200"));
        List<Instant> times = new ArrayList<>();
        all.get("items").forEach(item -> times.add(Instant.parse(item.get("occurredAt").asText())));
        assertThat(all.get("total").asLong()).isEqualTo(times.size()).isGreaterThan(10);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i)).as("newest first").isBeforeOrEqualTo(times.get(i - 1));
        }

        Instant pivot = times.get(times.size() / 2);
        long atOrAfter = times.stream().filter(t -> !t.isBefore(pivot)).count();
        JsonNode from = audit(Map.of("from", pivot.toString(), "limit", "200"));
        assertThat(from.get("total").asLong()).isEqualTo(atOrAfter);
        from.get("items").forEach(item -> assertThat(Instant.parse(item.get("occurredAt").asText())).isAfterOrEqualTo(pivot));

        JsonNode to = audit(Map.of("to", pivot.toString(), "limit", "200"));
        assertThat(to.get("total").asLong()).isEqualTo(times.size() - atOrAfter);
        to.get("items").forEach(item -> assertThat(Instant.parse(item.get("occurredAt").asText())).isBefore(pivot));

        assertThat(audit(Map.of("from", pivot.toString(), "to", pivot.toString())).get("total").asLong()).isZero();
        JsonNode window = audit(Map.of("from", times.get(times.size() - 1).toString(),
                "to", times.get(0).plusSeconds(1).toString(), "limit", "200"));
        assertThat(window.get("total").asLong()).isEqualTo(times.size());
    }

    @Test
    void pagesWithLimitOffsetAndTotal() {
        JsonNode all = audit(Map.of("limit", "200"));
        List<String> allIds = ids(all);
        long total = server.count("SELECT count(*) FROM audit_events");
        assertThat(all.get("total").asLong()).isEqualTo(total).isEqualTo(allIds.size());

        JsonNode first = audit(Map.of("limit", "4", "offset", "0"));
        JsonNode second = audit(Map.of("limit", "4", "offset", "4"));
        assertThat(first.get("limit").asInt()).isEqualTo(4);
        assertThat(second.get("offset").asInt()).isEqualTo(4);
        assertThat(first.get("total").asLong()).isEqualTo(total);
        assertThat(second.get("total").asLong()).isEqualTo(total);
        List<String> paged = new ArrayList<>(ids(first));
        paged.addAll(ids(second));
        assertThat(paged).hasSize(8).doesNotHaveDuplicates().isEqualTo(allIds.subList(0, 8));

        JsonNode beyond = audit(Map.of("offset", String.valueOf(total + 5)));
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asLong()).isEqualTo(total);

        JsonNode defaults = audit(Map.of());
        assertThat(defaults.get("limit").asInt()).isEqualTo(50);
        assertThat(defaults.get("offset").asInt()).isZero();
    }

    @Test
    void onlyAdminsMayReadTheAuditLog() {
        ApiResponse forbidden = server.client().get("/api/auth/admin/audit").bearer(bobToken).send();
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.isProblem()).isTrue();
        assertThat(forbidden.body()).doesNotContain(BOB, ALICE);

        ApiResponse anonymous = server.client().get("/api/auth/admin/audit").send();
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.isProblem()).isTrue();
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void noPasswordOrTokenIsEverWrittenToTheAuditLog() {
        List<String> details = server.jdbi().withHandle(h -> h.createQuery("SELECT details::text FROM audit_events")
                .mapTo(String.class).list());
        List<String> rows = server.jdbi().withHandle(h -> h.createQuery("SELECT a::text FROM audit_events a")
                .mapTo(String.class).list());
        assertThat(details).isNotEmpty();
        assertThat(secrets).hasSizeGreaterThan(15);
        for (String secret : secrets) {
            assertThat(details).noneMatch(d -> d.contains(secret));
            assertThat(rows).as("whole audit rows").noneMatch(r -> r.contains(secret));
        }
        // and not through the API either
        String body = server.client().get("/api/auth/admin/audit").bearer(adminToken).query("limit", 200).send().body();
        for (String secret : secrets) {
            assertThat(body).doesNotContain(secret);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode audit(Map<String, String> query) {
        ApiClient.Call call = server.client().get("/api/auth/admin/audit").bearer(adminToken);
        new LinkedHashMap<>(query).forEach(call::query);
        ApiResponse response = call.send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> actions(JsonNode page) {
        List<String> actions = new ArrayList<>();
        page.get("items").forEach(item -> actions.add(item.get("action").asText()));
        return actions;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static String fingerprint() {
        return server.jdbi().withHandle(h -> h.createQuery(
                        "SELECT count(*) || ' rows, ' || md5(string_agg(a::text, '|' ORDER BY a.id)) FROM audit_events a")
                .mapTo(String.class).one());
    }

    private static JsonNode ok(ApiResponse response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.json();
    }

    private static void keep(JsonNode pair) {
        secrets.add(pair.get("accessToken").asText());
        secrets.add(pair.get("refreshToken").asText());
    }
}
