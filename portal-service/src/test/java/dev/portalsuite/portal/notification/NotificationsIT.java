package dev.portalsuite.portal.notification;

import static dev.portalsuite.portal.PortalUnderTest.JSON;
import static dev.portalsuite.portal.PortalUnderTest.adminToken;
import static dev.portalsuite.portal.PortalUnderTest.memberToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Audiences (user, organisation and everything below it, role), per-user read state, order, 404 on invisible ids. */
class NotificationsIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();
    private static JsonNode msspA;
    private static JsonNode mspA1;
    private static JsonNode clientA1a;
    private static JsonNode msspB;
    private static UUID clientUserId;
    private static String tokenA;
    private static String tokenA1;
    private static String tokenA1a;
    private static String tokenB;
    private static String tokenPlain;
    private static String tokenAdmin;
    private static String n1;
    private static String n2;
    private static String n3;
    private static String n4;
    private static String n5;
    private static String n6;

    @BeforeAll
    static void start() {
        msspA = server.createOrg("MSSP", "Notify A", null);
        mspA1 = server.createOrg("MSP", "Notify A1", msspA);
        clientA1a = server.createOrg("CLIENT", "Notify A1a", mspA1);
        msspB = server.createOrg("MSSP", "Notify B", null);
        clientUserId = UUID.randomUUID();
        tokenA = memberToken("mssp", msspA);
        tokenA1 = memberToken("msp", mspA1);
        tokenA1a = PortalUnderTest.userToken(clientUserId, "client", UUID.fromString(clientA1a.get("id").asText()), "CLIENT");
        tokenB = memberToken("mssp", msspB);
        tokenPlain = PortalUnderTest.userToken(UUID.randomUUID(), "user", null, null);
        tokenAdmin = PortalUnderTest.userToken(UUID.randomUUID(), "admin", null, null);

        n1 = send(org(msspA), "to A and below");
        n2 = send(org(mspA1), "to A1 and below");
        n3 = send(JSON.createObjectNode().put("userId", clientUserId.toString()), "to the client user");
        n4 = send(JSON.createObjectNode().put("role", "msp"), "to every MSP user");
        n5 = send(JSON.createObjectNode().put("role", "admin"), "to admins");
        n6 = send(org(msspB), "to B");
    }

    private static String id(JsonNode org) {
        return org.get("id").asText();
    }

    private static ObjectNode org(JsonNode org) {
        return JSON.createObjectNode().put("orgId", org.get("id").asText());
    }

    private static String send(ObjectNode audience, String title) {
        return server.notify(audience, title).get("id").asText();
    }

    private static JsonNode feed(String token, Map<String, Object> query) {
        var call = server.client().get("/api/portal/notifications").bearer(token);
        query.forEach(call::query);
        ApiResponse response = call.send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        return java.util.stream.StreamSupport.stream(page.get("items").spliterator(), false)
                .map(n -> n.get("id").asText()).toList();
    }

    private static ApiResponse markRead(String token, String... ids) {
        ObjectNode body = JSON.createObjectNode();
        var array = body.putArray("ids");
        for (String id : ids) {
            array.add(id);
        }
        return server.client().post("/api/portal/notifications/read").bearer(token).json(body.toString()).send();
    }

    private static long unread(String token) {
        return server.client().get("/api/portal/notifications/unread-count").bearer(token).send().json()
                .get("unreadCount").asLong();
    }

    @Test
    void eachCallerSeesExactlyItsAudiencesNewestFirst() {
        assertThat(ids(feed(tokenA1a, Map.of()))).containsExactly(n3, n2, n1);
        assertThat(ids(feed(tokenA1, Map.of()))).containsExactly(n4, n2, n1);
        assertThat(ids(feed(tokenA, Map.of()))).as("an organisation's notification does not reach the one above it")
                .containsExactly(n1);
        assertThat(ids(feed(tokenB, Map.of()))).containsExactly(n6);
        assertThat(ids(feed(tokenPlain, Map.of()))).isEmpty();
        assertThat(ids(feed(tokenAdmin, Map.of()))).as("the feed is personal, even for admins").containsExactly(n5);

        JsonNode page = feed(tokenA1a, Map.of("limit", 1, "offset", 1));
        assertThat(ids(page)).containsExactly(n2);
        assertThat(page.get("total").asInt()).isEqualTo(3);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("title").asText()).isEqualTo("to A1 and below");
        assertThat(item.get("message").asText()).isEqualTo("Message of to A1 and below");
        assertThat(item.get("type").asText()).isEqualTo("info");
        assertThat(item.has("audience")).as("the feed does not reveal ids of organisations above the caller").isFalse();
    }

    @Test
    void readStateIsPerUserAndMarkingIsAllOrNothing() {
        String token = memberToken("client", clientA1a);   // another user of the same client organisation
        String otherUser = memberToken("client", clientA1a);
        assertThat(unread(token)).isEqualTo(2);             // n2, n1 (n3 is addressed to a different user)

        ApiResponse first = markRead(token, n1, n1);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("updated").asInt()).isEqualTo(1);
        assertThat(markRead(token, n1).json().get("updated").asInt()).as("already read").isZero();
        assertThat(unread(token)).isEqualTo(1);
        assertThat(unread(otherUser)).as("read state is per user").isEqualTo(2);

        JsonNode unreadOnly = feed(token, Map.of("unreadOnly", true));
        assertThat(ids(unreadOnly)).containsExactly(n2);
        assertThat(unreadOnly.get("unreadCount").asInt()).isEqualTo(1);
        JsonNode all = feed(token, Map.of());
        assertThat(all.get("items").get(1).get("read").asBoolean()).isTrue();
        assertThat(all.get("items").get(1).get("readAt").isNull()).isFalse();
        assertThat(all.get("items").get(0).get("read").asBoolean()).isFalse();

        // one invisible id spoils the whole request: 404 and nothing marked
        long reads = server.count("SELECT count(*) FROM notification_reads");
        for (String[] ids : List.of(new String[] {n2, n6}, new String[] {n6}, new String[] {n3},
                new String[] {UUID.randomUUID().toString()})) {
            ApiResponse response = markRead(token, ids);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.isProblem()).isTrue();
        }
        assertThat(server.count("SELECT count(*) FROM notification_reads")).isEqualTo(reads);
        assertThat(unread(token)).isEqualTo(1);
    }

    @Test
    void anMsspUserCannotTouchAnotherMsspsNotification() {
        ApiResponse response = markRead(tokenA, n6);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("detail").asText()).doesNotContain(n6);
        assertThat(markRead(tokenA, n2).status()).as("below A's users? no: A1's audience is A1 and below").isEqualTo(404);
    }

    @Test
    void readAllMarksEverythingVisibleOnce() {
        String token = memberToken("msp", mspA1);
        assertThat(unread(token)).isEqualTo(3);
        ApiResponse all = server.client().post("/api/portal/notifications/read-all").bearer(token).send();
        assertThat(all.json().get("updated").asInt()).isEqualTo(3);
        assertThat(unread(token)).isZero();
        assertThat(server.client().post("/api/portal/notifications/read-all").bearer(token).send().json()
                .get("updated").asInt()).isZero();
        assertThat(unread(tokenA1)).as("another MSP user is unaffected").isEqualTo(3);
    }

    @Test
    void sendersAndTheirMistakes() {
        ObjectNode body = JSON.createObjectNode().put("title", "From a job").put("message", "Done").put("type", "success")
                .put("actionUrl", "/orgs");
        body.set("audience", JSON.createObjectNode().put("role", "inventory")); // nobody else in this class
        ApiResponse viaNotify = server.client().post("/api/portal/notifications")
                .bearer(PortalUnderTest.serviceToken("portal:notify")).json(body.toString()).send();
        assertThat(viaNotify.status()).isEqualTo(201);
        assertThat(viaNotify.json().get("audience").get("role").asText()).isEqualTo("inventory");
        assertThat(viaNotify.json().get("audience").get("orgId").isNull()).isTrue();
        assertThat(viaNotify.json().get("actionUrl").asText()).isEqualTo("/orgs");
        assertThat(server.client().post("/api/portal/notifications").bearer(PortalUnderTest.ingestToken())
                .json(body.toString()).send().status()).isEqualTo(201);

        Map<String, Long> before = server.tableCounts();
        assertThat(server.client().post("/api/portal/notifications").bearer(PortalUnderTest.serviceToken())
                .json(body.toString()).send().status()).isEqualTo(403);
        assertThat(server.client().post("/api/portal/notifications").bearer(tokenA)
                .json(body.toString()).send().status()).isEqualTo(403);
        for (String audience : List.of("{\"orgId\":\"" + UUID.randomUUID() + "\"}", "{\"role\":\"emperor\"}",
                "{\"role\":\"inventory\",\"userId\":\"" + UUID.randomUUID() + "\"}", "{}")) {
            ObjectNode bad = body.deepCopy();
            bad.set("audience", read(audience));
            ApiResponse response = server.client().post("/api/portal/notifications").bearer(adminToken())
                    .json(bad.toString()).invalidRequest().send();
            assertThat(response.status()).as(audience).isEqualTo(400);
        }
        for (String url : List.of("javascript:alert(1)", "//evil.example/x", "ftp://files.example/x", "/path with space")) {
            ObjectNode bad = body.deepCopy().put("actionUrl", url);
            ApiResponse response = server.client().post("/api/portal/notifications").bearer(adminToken())
                    .json(bad.toString()).invalidRequest().send();
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("actionUrl");
        }
        assertThat(server.tableCounts()).isEqualTo(before);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'notification.created'"))
                .isEqualTo(server.count("SELECT count(*) FROM notifications"));
    }

    @Test
    void theUnreadCountAgreesWithTheFeedForEveryKindOfCaller() {
        String unknownOrg = PortalUnderTest.userToken(UUID.randomUUID(), "msp", UUID.randomUUID(), "MSP");
        // a client directly under an MSSP has no MSP in its chain (msp_id is NULL)
        JsonNode directClient = server.createOrg("CLIENT", "Notify A direct client", msspA);
        String underMssp = PortalUnderTest.userToken(UUID.randomUUID(), "client", UUID.fromString(id(directClient)), "CLIENT");
        // an archived organisation still reaches its users, as it always did
        JsonNode archived = server.createOrg("CLIENT", "Notify A1 archived client", mspA1);
        server.jdbi().useHandle(h -> h.execute("UPDATE orgs SET status = 'INACTIVE' WHERE id = ?::uuid", id(archived)));
        String inArchived = PortalUnderTest.userToken(UUID.randomUUID(), "client", UUID.fromString(id(archived)), "CLIENT");
        for (String token : List.of(tokenA, tokenA1, tokenA1a, tokenB, tokenPlain, tokenAdmin, unknownOrg, underMssp,
                inArchived)) {
            assertThat(unread(token)).isEqualTo(feed(token, Map.of()).get("unreadCount").asLong());
        }
        assertThat(unread(tokenA1)).as("n4 (role msp), n2, n1 minus what this user has read")
                .isEqualTo(feed(tokenA1, Map.of("unreadOnly", true)).get("total").asLong());
        assertThat(unread(unknownOrg)).as("an organisation that does not exist reaches nothing; the msp role does")
                .isEqualTo(1);
        assertThat(unread(underMssp)).as("n1, sent to its MSSP").isEqualTo(1);
        assertThat(unread(inArchived)).as("n2 and n1, sent to its MSP and MSSP").isEqualTo(2);
    }

    @Test
    void serviceClientsHaveNoFeed() {
        for (String path : List.of("/api/portal/notifications", "/api/portal/notifications/unread-count")) {
            assertThat(server.client().get(path).bearer(PortalUnderTest.ingestToken()).send().status()).isEqualTo(403);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
