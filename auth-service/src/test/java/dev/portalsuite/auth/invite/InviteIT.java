package dev.portalsuite.auth.invite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.oidc.FakeProvider;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import dev.portalsuite.shared.testing.TestClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invites against a real portal-service started in-process on its own database, trusting auth-service's JWKS,
 * with organisations MSSP A (MSP A1, client A1a under it) and MSSP B (MSP B1) created through portal's API.
 */
class InviteIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Invited-Person-Pw-1";

    private static FakeProvider provider;
    private static AuthUnderTest auth;
    private static PortalUnderTest portal;
    private static ApiClient portalApi;
    private static String admin;
    private static String msspA;
    private static String mspA1;
    private static String clientA1a;
    private static String msspB;
    private static String mspB1;
    private static String msspAUser;
    private static String mspA1User;
    private static String msspBUser;
    private static String plainUser;

    @BeforeAll
    static void start() throws IOException {
        provider = new FakeProvider();
        int portalPort = freePort();
        Map<String, String> env = new HashMap<>(provider.env(false));
        env.put("PORTAL_URL", "http://127.0.0.1:" + portalPort);
        auth = new AuthUnderTest().with(env).start();

        portal = new PortalUnderTest().with("PORT", Integer.toString(portalPort)).clock(Clock.systemUTC())
                .verifyingTokensOf(auth::url).start();
        portalApi = portal.client();

        admin = auth.adminToken();
        msspA = createOrg("MSSP", "MSSP A", null);
        mspA1 = createOrg("MSP", "MSP A1", msspA);
        clientA1a = createOrg("CLIENT", "Client A1a", mspA1);
        msspB = createOrg("MSSP", "MSSP B", null);
        mspB1 = createOrg("MSP", "MSP B1", msspB);
        msspAUser = member("mssp-a@example.com", "mssp", msspA, "MSSP");
        mspA1User = member("msp-a1@example.com", "msp", mspA1, "MSP");
        msspBUser = member("mssp-b@example.com", "mssp", msspB, "MSSP");
        plainUser = auth.newUser("plain@example.com").get("accessToken").asText();
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            portal.close();
        }
        if (auth != null) {
            auth.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    // ------------------------------------------------------------------ fixtures

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String createOrg(String type, String name, String parentId) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("name", name);
        if (parentId != null) {
            body.put("parentId", parentId);
        }
        ApiResponse created = portalApi.post("/api/portal/orgs").bearer(admin).json(body.toString()).send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** A user with {@code role} in {@code orgId}, set by an admin; returns a fresh access token carrying the org. */
    private static String member(String email, String role, String orgId, String orgType) {
        String id = auth.newUser(email).get("user").get("id").asText();
        ApiResponse patched = auth.client().patch("/api/auth/admin/users/" + id).bearer(admin)
                .json("{\"roles\":[\"" + role + "\"],\"orgId\":\"" + orgId + "\",\"orgType\":\"" + orgType + "\"}").send();
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        ApiResponse login = auth.login(email, "Correct-Horse-" + email.hashCode());
        assertThat(login.status()).isEqualTo(200);
        return login.json().get("accessToken").asText();
    }

    private static ApiResponse invite(AuthUnderTest server, String token, String email, String role, String orgId) {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("role", role);
        if (orgId != null) {
            body.put("orgId", orgId);
        }
        return server.client().post("/api/auth/invites").bearer(token).json(body.toString()).send();
    }

    private static ApiResponse invite(String token, String email, String role, String orgId) {
        return invite(auth, token, email, role, orgId);
    }

    private static JsonNode invited(String token, String email, String role, String orgId) {
        ApiResponse response = invite(token, email, role, orgId);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static ApiResponse register(String email, String inviteToken) {
        return auth.client().post("/api/auth/register").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json(JSON.createObjectNode().put("email", email).put("password", PASSWORD).put("fullName", "Invited Person")
                        .put("inviteToken", inviteToken).toString())
                .send();
    }

    private static void assertBadInvite(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asText()).isEqualTo("inviteToken");
    }

    private static long count(String sql) {
        return auth.count(sql);
    }

    private static long users(String email) {
        return count("SELECT count(*) FROM users WHERE email = '" + email + "'");
    }

    private static long invitesFor(String email) {
        return count("SELECT count(*) FROM invites WHERE email = '" + email + "'");
    }

    /** The emails of every invite the caller may list (all pages of 200). */
    private static List<String> listedEmails(String token, String status) {
        List<String> emails = new ArrayList<>();
        for (int offset = 0; ; offset += 200) {
            ApiClient.Call call = auth.client().get("/api/auth/invites").bearer(token).query("limit", 200).query("offset", offset);
            if (status != null) {
                call.query("status", status);
            }
            ApiResponse page = call.send();
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().get("items").forEach(item -> emails.add(item.get("email").asText()));
            if (offset + 200 >= page.json().get("total").asLong()) {
                return emails;
            }
        }
    }

    private static JsonNode listed(String token, String email) {
        ApiResponse page = auth.client().get("/api/auth/invites").bearer(token).query("limit", 200).send();
        return StreamSupport.stream(page.json().get("items").spliterator(), false)
                .filter(item -> item.get("email").asText().equals(email)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void anInviteIsAcceptedByRegistrationOnceWithItsRoleAndOrganisation() throws Exception {
        ApiResponse created = invite(admin, " New.Client@Example.com ", "client", clientA1a);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        JsonNode invite = created.json();
        String token = invite.get("inviteToken").asText();
        assertThat(invite.get("email").asText()).isEqualTo("new.client@example.com");
        assertThat(invite.get("orgType").asText()).isEqualTo("CLIENT");
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Duration.between(Instant.parse(created.json().get("expiresAt").asText()), Instant.now()).abs())
                .isGreaterThan(Duration.ofDays(6));

        // only the hash is stored; the organisation's path is recorded for scope listing
        byte[] stored = auth.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM invites WHERE id = :id")
                .bind("id", UUID.fromString(invite.get("id").asText())).mapTo(byte[].class).one());
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        String path = auth.jdbi().withHandle(h -> h.createQuery("SELECT org_path::text FROM invites WHERE id = :id")
                .bind("id", UUID.fromString(invite.get("id").asText())).mapTo(String.class).one());
        assertThat(path).isEqualTo("{" + clientA1a + "," + mspA1 + "," + msspA + "}");

        ApiResponse registered = register("NEW.client@example.com", token);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        JsonNode user = registered.json().get("user");
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("client");
        assertThat(user.get("orgId").asText()).isEqualTo(clientA1a);
        assertThat(user.get("orgType").asText()).isEqualTo("CLIENT");
        JsonNode accepted = listed(admin, "new.client@example.com");
        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("acceptedAt").isNull()).isFalse();

        // the new user's token opens its organisation in portal-service
        ApiResponse org = portalApi.get("/api/portal/orgs/" + clientA1a)
                .bearer(registered.json().get("accessToken").asText()).send();
        assertThat(org.status()).isEqualTo(200);

        // the token is spent
        assertBadInvite(register("someone.else@example.com", token));
        assertThat(users("someone.else@example.com")).isZero();
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'invite.created' AND email = 'new.client@example.com'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'invite.accepted' AND email = 'new.client@example.com' "
                + "AND details->>'via' = 'register'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE details::text LIKE '%" + token + "%'")).isZero();
    }

    @Test
    void usedRevokedUnknownAndOtherEmailTokensAreRefusedAndWriteNothing() {
        String intended = invited(admin, "intended@example.com", "user", null).get("inviteToken").asText();
        JsonNode revokedInvite = invited(admin, "revoked@example.com", "msp", mspA1);
        assertThat(auth.client().delete("/api/auth/invites/" + revokedInvite.get("id").asText()).bearer(admin).send().status())
                .isEqualTo(204);
        long usersBefore = count("SELECT count(*) FROM users");
        long acceptedBefore = count("SELECT count(*) FROM invites WHERE accepted_at IS NOT NULL");

        assertBadInvite(register("intruder@example.com", intended));
        assertBadInvite(register("revoked@example.com", revokedInvite.get("inviteToken").asText()));
        assertBadInvite(register("nobody@example.com", "x".repeat(43)));
        ApiResponse overlong = auth.client().post("/api/auth/register").invalidRequest()
                .json(JSON.createObjectNode().put("email", "long@example.com").put("password", PASSWORD)
                        .put("fullName", "Long").put("inviteToken", "x".repeat(101)).toString()).send();
        assertBadInvite(overlong);

        assertThat(count("SELECT count(*) FROM users")).isEqualTo(usersBefore);
        assertThat(count("SELECT count(*) FROM invites WHERE accepted_at IS NOT NULL")).isEqualTo(acceptedBefore);
        assertThat(listed(admin, "intended@example.com").get("status").asText()).isEqualTo("PENDING");
        assertThat(listed(admin, "revoked@example.com").get("status").asText()).isEqualTo("REVOKED");

        // the rightful invitee still can
        assertThat(register("intended@example.com", intended).status()).isEqualTo(201);
    }

    @Test
    void aUsedTokenIsRefusedForItsOwnEmailAfterTheAccountIsDeleted() {
        String token = invited(admin, "returning@example.com", "msp", mspA1).get("inviteToken").asText();
        ApiResponse registered = register("returning@example.com", token);
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        String userId = registered.json().get("user").get("id").asText();
        assertThat(auth.client().delete("/api/auth/admin/users/" + userId).bearer(admin).send().status()).isEqualTo(204);
        assertThat(users("returning@example.com")).isZero();
        JsonNode spent = listed(admin, "returning@example.com");
        assertThat(spent.get("status").asText()).isEqualTo("ACCEPTED");
        long eventsBefore = count("SELECT count(*) FROM audit_events WHERE email = 'returning@example.com'");
        long usersBefore = count("SELECT count(*) FROM users");

        assertBadInvite(register("returning@example.com", token));

        assertThat(users("returning@example.com")).isZero();
        assertThat(count("SELECT count(*) FROM users")).isEqualTo(usersBefore);
        assertThat(listed(admin, "returning@example.com")).isEqualTo(spent);
        assertThat(invitesFor("returning@example.com")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE email = 'returning@example.com'")).isEqualTo(eventsBefore);
    }

    @Test
    void aTokenCreatesOneAccountUnderConcurrency() throws Exception {
        String token = invited(admin, "race@example.com", "msp", mspA1).get("inviteToken").asText();
        List<Integer> statuses = Concurrently.run(6, i -> register("race@example.com", token).status());
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).allMatch(s -> s == 201 || s == 400 || s == 409);
        assertThat(users("race@example.com")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'invite.accepted' AND email = 'race@example.com'"))
                .isEqualTo(1);
    }

    @Test
    void expiredInvitesAreRefused() {
        TestClock clock = new TestClock(java.time.Instant.now());
        try (AuthUnderTest timed = new AuthUnderTest().with("INVITE_TTL", "PT1H").clock(clock).start()) {
            String adminToken = timed.adminToken();
            ApiResponse created = invite(timed, adminToken, "late@example.com", "user", null);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            clock.advance(Duration.ofMinutes(61));

            ApiResponse late = timed.register("late@example.com", PASSWORD, "Late Comer",
                    created.json().get("inviteToken").asText());
            assertBadInvite(late);
            assertThat(timed.count("SELECT count(*) FROM users WHERE email = 'late@example.com'")).isZero();
            ApiResponse expired = timed.client().get("/api/auth/invites").bearer(timed.adminToken())
                    .query("status", "EXPIRED").send();
            assertThat(expired.json().get("total").asLong()).isEqualTo(1);
            assertThat(expired.json().get("items").get(0).get("email").asText()).isEqualTo("late@example.com");
            // an expired invite no longer blocks a new one
            assertThat(invite(timed, timed.adminToken(), "late@example.com", "user", null).status()).isEqualTo(201);
        }
    }

    @Test
    void invitersGrantOnlyTheirLevelInsideTheirScope() {
        long before = count("SELECT count(*) FROM invites");
        // another MSSP's organisations
        ApiResponse foreignMsp = invite(msspAUser, "x1@example.com", "msp", mspB1);
        assertThat(foreignMsp.status()).as(foreignMsp.body()).isEqualTo(403);
        assertThat(foreignMsp.body()).contains("not in your scope");
        assertThat(invite(msspAUser, "x2@example.com", "mssp", msspB).status()).isEqualTo(403);
        assertThat(invite(mspA1User, "x3@example.com", "msp", mspB1).status()).isEqualTo(403);
        // above the inviter's own level, or above its organisation
        assertThat(invite(mspA1User, "x4@example.com", "mssp", msspA).status()).isEqualTo(403);
        assertThat(invite(msspAUser, "x5@example.com", "admin", null).status()).isEqualTo(403);
        assertThat(invite(msspAUser, "x6@example.com", "user", null).status()).isEqualTo(403);
        // the role must fit the organisation's type
        ApiResponse mismatch = invite(msspAUser, "x7@example.com", "client", mspA1);
        assertThat(mismatch.status()).as(mismatch.body()).isEqualTo(400);
        assertThat(mismatch.json().get("errors").get(0).get("field").asText()).isEqualTo("role");
        assertThat(invite(admin, "x8@example.com", "msp", clientA1a).status()).isEqualTo(400);
        // orgId rules
        assertThat(invite(admin, "x9@example.com", "mssp", null).status()).isEqualTo(400);
        assertThat(invite(admin, "x10@example.com", "user", msspA).status()).isEqualTo(400);
        ApiResponse unknown = invite(admin, "x11@example.com", "client", UUID.randomUUID().toString());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("orgId");
        // not an inviter at all
        assertThat(invite(plainUser, "x12@example.com", "user", null).status()).isEqualTo(403);
        assertThat(auth.client().post("/api/auth/invites").json("{\"email\":\"x13@example.com\",\"role\":\"user\"}").send().status())
                .isEqualTo(401);
        for (String bad : List.of("{\"email\":\"x14@example.com\",\"role\":\"service\"}", "{\"email\":\"not-an-email\",\"role\":\"user\"}",
                "{\"role\":\"user\"}", "{\"email\":\"x15@example.com\"}", "{\"email\":\"x16@example.com\",\"role\":\"user\",\"extra\":1}",
                "{\"email\":\"x17@example.com\",\"role\":\"msp\",\"orgId\":\"not-a-uuid\"}")) {
            ApiResponse response = auth.client().post("/api/auth/invites").bearer(admin).invalidRequest().json(bad).send();
            assertThat(response.status()).as(bad).isEqualTo(400);
        }
        assertThat(count("SELECT count(*) FROM invites")).isEqualTo(before);

        // what each may do
        assertThat(invite(mspA1User, "a1a-staff@example.com", "client", clientA1a).status()).isEqualTo(201);
        assertThat(invite(mspA1User, "a1-colleague@example.com", "msp", mspA1).status()).isEqualTo(201);
        assertThat(invite(mspA1User, "a1a-stock@example.com", "inventory", clientA1a).status()).isEqualTo(201);
        assertThat(invite(msspAUser, "a-deputy@example.com", "mssp", msspA).status()).isEqualTo(201);
        assertThat(invite(msspAUser, "a1-boss@example.com", "msp", mspA1).status()).isEqualTo(201);
        assertThat(invite(admin, "b-boss@example.com", "mssp", msspB).status()).isEqualTo(201);
        assertThat(invite(admin, "future-admin@example.com", "admin", null).status()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM invites")).isEqualTo(before + 7);
    }

    @Test
    void listsShowOnlyInvitesInTheCallersScopeAndRevokingFollowsTheSameScope() {
        invited(mspA1User, "l-a1a@example.com", "client", clientA1a);
        invited(msspAUser, "l-a1@example.com", "msp", mspA1);
        JsonNode ownMssp = invited(msspAUser, "l-a@example.com", "mssp", msspA);
        JsonNode inB1 = invited(msspBUser, "l-b1@example.com", "msp", mspB1);
        invited(admin, "l-plain@example.com", "user", null);
        Set<String> mine = Set.of("l-a1a@example.com", "l-a1@example.com", "l-a@example.com", "l-b1@example.com",
                "l-plain@example.com");

        assertThat(listedEmails(msspAUser, null)).filteredOn(mine::contains)
                .containsExactlyInAnyOrder("l-a1a@example.com", "l-a1@example.com", "l-a@example.com");
        assertThat(listedEmails(mspA1User, null)).filteredOn(mine::contains)
                .containsExactlyInAnyOrder("l-a1a@example.com", "l-a1@example.com");
        assertThat(listedEmails(msspBUser, null)).filteredOn(mine::contains).containsExactly("l-b1@example.com");
        assertThat(listedEmails(admin, null)).filteredOn(mine::contains).hasSize(5);
        assertThat(auth.client().get("/api/auth/invites").bearer(plainUser).send().status()).isEqualTo(403);
        assertThat(auth.client().get("/api/auth/invites").bearer(admin).query("status", "SOMETIMES").invalidRequest()
                .send().status()).isEqualTo(400);

        // revoking: out of scope reads as missing
        String a1aId = listed(msspAUser, "l-a1a@example.com").get("id").asText();
        assertThat(auth.client().delete("/api/auth/invites/" + a1aId).bearer(msspBUser).send().status()).isEqualTo(404);
        assertThat(auth.client().delete("/api/auth/invites/" + ownMssp.get("id").asText()).bearer(mspA1User).send().status())
                .isEqualTo(404);
        assertThat(auth.client().delete("/api/auth/invites/" + UUID.randomUUID()).bearer(admin).send().status()).isEqualTo(404);
        assertThat(auth.client().delete("/api/auth/invites/not-a-uuid").bearer(admin).invalidRequest().send().status())
                .isEqualTo(400);
        assertThat(listed(admin, "l-a1a@example.com").get("status").asText()).isEqualTo("PENDING");

        assertThat(auth.client().delete("/api/auth/invites/" + a1aId).bearer(msspAUser).send().status()).isEqualTo(204);
        assertThat(auth.client().delete("/api/auth/invites/" + a1aId).bearer(msspAUser).send().status()).isEqualTo(204);
        assertThat(listedEmails(msspAUser, "REVOKED")).contains("l-a1a@example.com");
        assertThat(listedEmails(msspAUser, "PENDING")).doesNotContain("l-a1a@example.com").contains("l-a1@example.com");
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'invite.revoked' AND email = 'l-a1a@example.com'"))
                .isEqualTo(1);

        // an accepted invite cannot be revoked
        assertThat(register("l-b1@example.com", inB1.get("inviteToken").asText()).status()).isEqualTo(201);
        ApiResponse acceptedRevoke = auth.client().delete("/api/auth/invites/" + inB1.get("id").asText()).bearer(msspBUser).send();
        assertThat(acceptedRevoke.status()).isEqualTo(409);
        assertThat(listed(admin, "l-b1@example.com").get("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void archivedOrganisationsTakeNoInvites() {
        String archived = createOrg("MSP", "MSP B2 (closing)", msspB);
        assertThat(portalApi.delete("/api/portal/orgs/" + archived).bearer(admin).send().status()).isEqualTo(204);
        ApiResponse response = invite(msspBUser, "closing@example.com", "msp", archived);
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(invitesFor("closing@example.com")).isZero();
    }

    @Test
    void duplicatesAndExistingAccountsAreConflicts() {
        JsonNode first = invited(admin, "dup@example.com", "client", clientA1a);
        assertThat(invite(admin, "dup@example.com", "client", clientA1a).status()).isEqualTo(409);
        assertThat(invite(mspA1User, "DUP@example.com", "inventory", clientA1a).status()).isEqualTo(409);
        // another organisation is another invite
        assertThat(invite(msspAUser, "dup@example.com", "msp", mspA1).status()).isEqualTo(201);
        // someone who already has an account
        assertThat(invite(msspAUser, "msp-a1@example.com", "msp", mspA1).status()).isEqualTo(409);
        assertThat(invitesFor("msp-a1@example.com")).isZero();
        // after revoking, invite again
        auth.client().delete("/api/auth/invites/" + first.get("id").asText()).bearer(admin).send();
        assertThat(invite(admin, "dup@example.com", "client", clientA1a).status()).isEqualTo(201);
        assertThat(invitesFor("dup@example.com")).isEqualTo(3);
    }

    @Test
    void portalServiceDownOrFailingIsA503AndNoInvite() throws Exception {
        try (AuthUnderTest cutOff = new AuthUnderTest().database(auth.databaseConfig()).with("PORTAL_URL", "http://127.0.0.1:" + freePort()).start()) {
            String token = cutOff.adminToken();
            ApiResponse down = invite(cutOff, token, "down@example.com", "msp", mspA1);
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.header("Retry-After")).isNotBlank();
            assertThat(invitesFor("down@example.com")).isZero();
            // invites that need no organisation do not ask portal-service
            assertThat(invite(cutOff, token, "no-org@example.com", "user", null).status()).isEqualTo(201);
        }

        String slowOrg = UUID.randomUUID().toString();
        try (MockWebServer failing = new MockWebServer()) {
            failing.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    if (request.getUrl().encodedPath().endsWith(slowOrg)) {
                        return new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.SECONDS)
                                .body("{\"id\":\"" + slowOrg + "\",\"type\":\"MSP\",\"parentId\":null}").build();
                    }
                    return new MockResponse.Builder().code(500).body("boom").build();
                }
            });
            failing.start();
            try (AuthUnderTest failingPortal = new AuthUnderTest().database(auth.databaseConfig()).with(Map.of("PORTAL_URL", failing.url("/").toString())).start()) {
                String token = failingPortal.adminToken();
                ApiResponse error = invite(failingPortal, token, "failing@example.com", "msp", mspA1);
                assertThat(error.status()).as(error.body()).isEqualTo(503);
                ApiResponse slow = invite(failingPortal, token, "slow@example.com", "msp", slowOrg);
                assertThat(slow.status()).as(slow.body()).isEqualTo(503);
                assertThat(slow.header("Retry-After")).isNotBlank();
                assertThat(invitesFor("failing@example.com") + invitesFor("slow@example.com")).isZero();
                // the caller's own token was forwarded
                RecordedRequest forwarded = failing.takeRequest(5, TimeUnit.SECONDS);
                assertThat(forwarded.getHeaders().get("Authorization")).isEqualTo("Bearer " + token);
            }
        }
    }

    @Test
    void aPendingInviteIsAppliedOnFirstGoogleSignInButNeverByAnAzureEmail() {
        invited(msspAUser, "gina@example.com", "msp", mspA1);
        ApiResponse google = auth.client().post("/api/auth/oidc/google").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json("{\"idToken\":\"" + provider.google("g-gina", "gina@example.com") + "\"}").send();
        assertThat(google.status()).as(google.body()).isEqualTo(200);
        JsonNode user = google.json().get("user");
        assertThat(user.get("roles")).extracting(JsonNode::asText).containsExactly("msp");
        assertThat(user.get("orgId").asText()).isEqualTo(mspA1);
        assertThat(user.get("orgType").asText()).isEqualTo("MSP");
        assertThat(listed(admin, "gina@example.com").get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(count("SELECT count(*) FROM audit_events WHERE action = 'invite.accepted' AND email = 'gina@example.com' "
                + "AND details->>'via' = 'google'")).isEqualTo(1);

        invited(admin, "azzy@contoso.example", "client", clientA1a);
        ApiResponse azure = auth.client().post("/api/auth/oidc/azure").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json("{\"idToken\":\"" + provider.azure(FakeProvider.TENANT, UUID.randomUUID().toString(),
                        "azzy@contoso.example") + "\"}").send();
        assertThat(azure.status()).as(azure.body()).isEqualTo(200);
        assertThat(azure.json().get("user").get("roles")).extracting(JsonNode::asText).containsExactly("user");
        assertThat(azure.json().get("user").get("orgId").isNull()).isTrue();
        assertThat(listed(admin, "azzy@contoso.example").get("status").asText()).isEqualTo("PENDING");
    }
}
