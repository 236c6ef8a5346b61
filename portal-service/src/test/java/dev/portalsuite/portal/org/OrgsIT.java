package dev.portalsuite.portal.org;

import static dev.portalsuite.portal.PortalUnderTest.JSON;
import static dev.portalsuite.portal.PortalUnderTest.adminToken;
import static dev.portalsuite.portal.PortalUnderTest.memberToken;
import static dev.portalsuite.portal.PortalUnderTest.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organisations: who may create and change what, the hierarchy rules (API and database), moves, archive, lists. */
class OrgsIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();

    private static String id(JsonNode org) {
        return org.get("id").asText();
    }

    private static ApiResponse create(String token, String type, String name, JsonNode parent) {
        ObjectNode body = JSON.createObjectNode().put("type", type).put("name", name);
        if (parent != null) {
            body.put("parentId", id(parent));
        }
        return server.client().post("/api/portal/orgs").bearer(token).json(body.toString()).send();
    }

    private static ApiResponse patch(String token, JsonNode org, String json) {
        return server.client().patch("/api/portal/orgs/" + id(org)).bearer(token).json(json).send();
    }

    private static ApiResponse get(String token, JsonNode org) {
        return server.client().get("/api/portal/orgs/" + id(org)).bearer(token).send();
    }

    private static void assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void aHierarchyIsCreatedAndReadBackWithChildCounts() {
        JsonNode mssp = server.createOrg("MSSP", "Contoso Security", null);
        JsonNode msp = server.createOrg("MSP", "Contoso Partner", mssp);
        ObjectNode clientBody = JSON.createObjectNode().put("type", "CLIENT").put("name", "  Fabrikam  ")
                .put("parentId", id(msp)).put("licenseType", "SPLA").put("splaLicense", true)
                .put("purchasedLicenses", 50).put("activeLicenses", 42).put("devices", 40);
        JsonNode client = server.createOrg(clientBody);
        JsonNode direct = server.createOrg("CLIENT", "Direct Client", mssp);
        JsonNode archived = server.createOrg("CLIENT", "Archived Client", msp);
        assertThat(server.client().delete("/api/portal/orgs/" + id(archived)).bearer(adminToken()).send().status())
                .isEqualTo(204);

        assertThat(client.get("name").asText()).isEqualTo("Fabrikam");
        assertThat(client.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(client.get("purchasedLicenses").asInt()).isEqualTo(50);
        assertThat(client.get("splaLicense").asBoolean()).isTrue();
        assertThat(client.get("externalSource").isNull()).isTrue();
        assertThat(direct.get("parentId").asText()).isEqualTo(id(mssp));

        JsonNode detail = get(adminToken(), mssp).json();
        assertThat(detail.get("childCounts").get("msps").asInt()).isEqualTo(1);
        assertThat(detail.get("childCounts").get("clients").asInt()).as("active clients of the whole subtree").isEqualTo(2);
        JsonNode mspDetail = get(memberToken("msp", msp), msp).json();
        assertThat(mspDetail.get("childCounts").get("msps").asInt()).isZero();
        assertThat(mspDetail.get("childCounts").get("clients").asInt()).isEqualTo(1);
        assertThat(get(memberToken("client", client), client).json().get("childCounts").get("clients").asInt()).isZero();
    }

    @Test
    void theApiRefusesHierarchiesThatBreakTheRules() {
        JsonNode mssp = server.createOrg("MSSP", "Rules MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Rules MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "Rules Client", msp);
        long before = server.count("SELECT count(*) FROM orgs");

        assertProblem(create(adminToken(), "MSP", "MSP under MSP", msp), 400);
        assertProblem(create(adminToken(), "CLIENT", "Client under client", client), 400);
        assertProblem(create(adminToken(), "MSSP", "MSSP with parent", mssp), 400);
        assertProblem(create(adminToken(), "MSP", "Orphan MSP", null), 400);
        assertProblem(create(adminToken(), "CLIENT", "Orphan client", null), 400);
        ApiResponse missing = create(adminToken(), "CLIENT", "Missing parent",
                JSON.createObjectNode().put("id", UUID.randomUUID().toString()));
        assertProblem(missing, 400);
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("parentId");

        assertThat(server.count("SELECT count(*) FROM orgs")).isEqualTo(before);
    }

    @Test
    void theDatabaseItselfEnforcesTheHierarchy() {
        JsonNode mssp = server.createOrg("MSSP", "DB MSSP", null);
        JsonNode otherMssp = server.createOrg("MSSP", "DB Other MSSP", null);
        JsonNode msp = server.createOrg("MSP", "DB MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "DB Client", msp);
        String insert = """
                INSERT INTO orgs (id, type, name, parent_id, parent_type, mssp_id, msp_id, created_at, updated_at)
                VALUES (?::uuid, ?, 'x', ?::uuid, ?, ?::uuid, ?::uuid, now(), now())
                """;
        List<Object[]> invalid = new ArrayList<>();
        String n = UUID.randomUUID().toString();
        invalid.add(new Object[] {n, "MSP", id(msp), "MSSP", id(msp), n});          // parent claims MSSP but is an MSP
        invalid.add(new Object[] {n, "MSP", id(msp), "MSP", id(mssp), n});          // MSP under an MSP
        invalid.add(new Object[] {n, "CLIENT", id(client), "CLIENT", id(mssp), null}); // client under a client
        invalid.add(new Object[] {n, "CLIENT", id(msp), "MSP", id(otherMssp), id(msp)}); // wrong root MSSP
        invalid.add(new Object[] {n, "MSSP", id(mssp), "MSSP", n, null});           // MSSP with a parent
        invalid.add(new Object[] {n, "CLIENT", null, null, id(mssp), null});         // client without parent
        for (Object[] row : invalid) {
            assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(insert, row)))
                    .as(java.util.Arrays.toString(row))
                    .isInstanceOf(UnableToExecuteStatementException.class);
        }
        // an MSP with clients cannot turn into a client
        assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(
                "UPDATE orgs SET type = 'CLIENT', parent_type = 'MSSP', msp_id = NULL WHERE id = ?::uuid", id(msp))))
                .isInstanceOf(UnableToExecuteStatementException.class);
        // unique (external_source, external_id)
        server.jdbi().useHandle(h -> h.execute("UPDATE orgs SET external_source = 'x', external_id = 'same' WHERE id = ?::uuid", id(client)));
        assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(
                "UPDATE orgs SET external_source = 'x', external_id = 'same' WHERE id = ?::uuid", id(msp))))
                .isInstanceOf(UnableToExecuteStatementException.class);
    }

    @Test
    void whoMayCreateWhat() {
        JsonNode mssp = server.createOrg("MSSP", "Creator MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Creator MSP", mssp);
        JsonNode siblingMsp = server.createOrg("MSP", "Creator Sibling MSP", mssp);
        JsonNode otherMssp = server.createOrg("MSSP", "Creator Other MSSP", null);
        JsonNode otherMsp = server.createOrg("MSP", "Creator Other MSP", otherMssp);
        String msspUser = memberToken("mssp", mssp);
        String mspUser = memberToken("msp", msp);

        assertThat(create(msspUser, "MSP", "New MSP by MSSP", mssp).status()).isEqualTo(201);
        assertThat(create(msspUser, "CLIENT", "Client by MSSP under MSP", msp).status()).isEqualTo(201);
        assertThat(create(msspUser, "CLIENT", "Client by MSSP under MSSP", mssp).status()).isEqualTo(201);
        assertProblem(create(msspUser, "MSSP", "MSSP by MSSP", null), 403);
        assertProblem(create(msspUser, "MSP", "MSP under other MSSP", otherMssp), 400); // not even visible
        assertProblem(create(msspUser, "CLIENT", "Client under other MSP", otherMsp), 400);

        ApiResponse byMsp = create(mspUser, "CLIENT", "Client by MSP", msp);
        assertThat(byMsp.status()).isEqualTo(201);
        assertThat(byMsp.json().get("parentId").asText()).isEqualTo(id(msp));
        assertProblem(create(mspUser, "CLIENT", "Client under sibling", siblingMsp), 400);
        assertProblem(create(mspUser, "MSP", "MSP by MSP", mssp), 400); // the MSSP is above the MSP user: not visible
        // an msp-role user whose organisation is really an MSSP is not an MSSP user
        assertProblem(create(memberToken("msp", mssp), "MSP", "MSP by mismatched role", mssp), 403);

        // only admins set external identities
        ObjectNode external = JSON.createObjectNode().put("type", "CLIENT").put("name", "Ext").put("parentId", id(msp))
                .put("externalSource", "heimdal").put("externalId", "X-1");
        assertProblem(server.client().post("/api/portal/orgs").bearer(msspUser).json(external.toString()).send(), 403);
        assertThat(server.client().post("/api/portal/orgs").bearer(adminToken()).json(external.toString()).send().status())
                .isEqualTo(201);
        assertProblem(server.client().post("/api/portal/orgs").bearer(adminToken()).json(external.toString()).send(), 409);
    }

    @Test
    void ownersEditWhatIsBelowThemAndOnlyAdminsMoveOrganisations() {
        JsonNode mssp = server.createOrg("MSSP", "Owner MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Owner MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "Owner Client", msp);
        JsonNode otherMssp = server.createOrg("MSSP", "Owner Other MSSP", null);
        String msspUser = memberToken("mssp", mssp);
        String mspUser = memberToken("msp", msp);

        ApiResponse renamed = patch(msspUser, msp, "{\"name\":\"Owner MSP renamed\",\"devices\":7}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Owner MSP renamed");
        assertThat(renamed.json().get("devices").asInt()).isEqualTo(7);
        assertProblem(patch(msspUser, mssp, "{\"name\":\"Own MSSP\"}"), 403);
        assertProblem(patch(msspUser, otherMssp, "{\"name\":\"Foreign\"}"), 404);
        assertThat(patch(mspUser, client, "{\"licenseType\":\"NFR\"}").status()).isEqualTo(200);
        ApiResponse cleared = patch(mspUser, client, "{\"licenseType\":null}");
        assertThat(cleared.json().get("licenseType").isNull()).isTrue();
        assertProblem(patch(mspUser, msp, "{\"name\":\"Own MSP\"}"), 403);
        assertProblem(patch(mspUser, mssp, "{\"name\":\"Above\"}"), 404);
        assertProblem(patch(memberToken("client", client), client, "{\"name\":\"Self\"}"), 403);

        // moves: admin only; an MSP's clients follow it to the new MSSP
        JsonNode otherMsp = server.createOrg("MSP", "Owner Other MSP", otherMssp);
        assertProblem(patch(msspUser, client, "{\"parentId\":\"" + id(mssp) + "\"}"), 403);
        assertProblem(patch(adminToken(), client, "{\"parentId\":\"" + id(client) + "\"}"), 400);
        assertProblem(patch(adminToken(), msp, "{\"parentId\":\"" + id(otherMsp) + "\"}"), 400);
        ApiResponse moved = patch(adminToken(), msp, "{\"parentId\":\"" + id(otherMssp) + "\"}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(get(msspUser, client).status()).as("the old MSSP no longer sees the moved MSP's client").isEqualTo(404);
        assertThat(get(memberToken("mssp", otherMssp), client).status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM orgs WHERE id = ?::uuid AND mssp_id = ?::uuid", id(client), id(otherMssp)))
                .isEqualTo(1);
        ApiResponse clientMoved = patch(adminToken(), client, "{\"parentId\":\"" + id(otherMsp) + "\"}");
        assertThat(clientMoved.json().get("parentId").asText()).isEqualTo(id(otherMsp));

        // nothing to change is a 400; the same values change nothing and write no audit event
        assertProblem(server.client().patch("/api/portal/orgs/" + id(client)).bearer(adminToken()).json("{}")
                .invalidRequest().send(), 400);
        long events = server.count("SELECT count(*) FROM audit_events WHERE target_id = ?::uuid", id(client));
        assertThat(patch(adminToken(), client, "{\"name\":\"Owner Client\"}").status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE target_id = ?::uuid", id(client))).isEqualTo(events);
    }

    @Test
    void archivingCoversTheSubtreeKeepsTheDataAndIsIdempotent() {
        JsonNode mssp = server.createOrg("MSSP", "Archive MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Archive MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "Archive Client", msp);
        JsonNode sibling = server.createOrg("CLIENT", "Archive Sibling", mssp);

        assertProblem(server.client().delete("/api/portal/orgs/" + id(msp)).bearer(memberToken("mssp", mssp)).send(), 403);
        assertThat(server.client().delete("/api/portal/orgs/" + id(msp)).bearer(adminToken()).send().status()).isEqualTo(204);
        assertThat(server.client().delete("/api/portal/orgs/" + id(msp)).bearer(adminToken()).send().status()).isEqualTo(204);
        assertProblem(server.client().delete("/api/portal/orgs/" + UUID.randomUUID()).bearer(adminToken()).send(), 404);

        assertThat(get(adminToken(), msp).json().get("status").asText()).isEqualTo("INACTIVE");
        assertThat(get(adminToken(), client).json().get("status").asText()).isEqualTo("INACTIVE");
        assertThat(get(adminToken(), sibling).json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(get(adminToken(), mssp).json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'org.archived' AND target_id = ?::uuid", id(msp)))
                .as("the second DELETE changed nothing").isEqualTo(1);
        // no client can be created under an archived MSP; reactivating the MSP alone allows it again
        assertProblem(create(adminToken(), "CLIENT", "Under archived", msp), 409);
        assertThat(patch(adminToken(), msp, "{\"status\":\"ACTIVE\"}").json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(get(adminToken(), client).json().get("status").asText()).isEqualTo("INACTIVE");
        assertThat(create(adminToken(), "CLIENT", "Under reactivated", msp).status()).isEqualTo(201);
    }

    @Test
    void listsFilterSortAndPageWithinTheScope() {
        JsonNode mssp = server.createOrg("MSSP", "List MSSP", null);
        JsonNode msp = server.createOrg("MSP", "List MSP", mssp);
        List<String> names = List.of("delta 50%", "alpha_1", "Charlie", "bravo", "echo");
        for (String name : names) {
            server.createOrg("CLIENT", name, msp);
        }
        JsonNode inactive = server.createOrg("CLIENT", "foxtrot", msp);
        server.client().delete("/api/portal/orgs/" + id(inactive)).bearer(adminToken()).send();
        server.createOrg("MSSP", "List Other", null);
        String token = memberToken("msp", msp);

        JsonNode all = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT").send().json();
        assertThat(all.get("total").asInt()).isEqualTo(6);
        assertThat(all.get("items")).extracting(n -> n.get("name").asText())
                .containsExactly("alpha_1", "bravo", "Charlie", "delta 50%", "echo", "foxtrot");

        JsonNode page = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT")
                .query("status", "ACTIVE").query("sort", "-name").query("limit", 2).query("offset", 1).send().json();
        assertThat(page.get("total").asInt()).isEqualTo(5);
        assertThat(page.get("limit").asInt()).isEqualTo(2);
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        assertThat(page.get("items")).extracting(n -> n.get("name").asText()).containsExactly("delta 50%", "Charlie");

        JsonNode beyond = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT")
                .query("offset", 100).send().json();
        assertThat(beyond.get("items")).isEmpty();
        assertThat(beyond.get("total").asInt()).as("past the end the total is still counted").isEqualTo(6);

        // q is a substring match where % and _ are literal characters
        assertThat(server.client().get("/api/portal/orgs").bearer(token).query("q", "50%").send().json().get("total").asInt())
                .isEqualTo(1);
        assertThat(server.client().get("/api/portal/orgs").bearer(token).query("q", "_").send().json().get("total").asInt())
                .isEqualTo(1);
        assertThat(server.client().get("/api/portal/orgs").bearer(token).query("q", "LIST").send().json().get("total").asInt())
                .as("case-insensitive; the MSP itself matches").isEqualTo(1);

        JsonNode children = server.client().get("/api/portal/orgs").bearer(memberToken("mssp", mssp))
                .query("parentId", id(mssp)).send().json();
        assertThat(children.get("items")).extracting(n -> n.get("name").asText()).containsExactly("List MSP");
        assertThat(server.client().get("/api/portal/orgs").bearer(adminToken()).query("sort", "createdAt")
                .query("limit", 200).send().json().get("total").asInt()).isEqualTo(server.count("SELECT count(*) FROM orgs"));
    }

    @Test
    void aCallerWithoutAnOrganisationSeesAnEmptyScope() {
        JsonNode mssp = server.createOrg("MSSP", "Unseen MSSP", null);
        JsonNode client = server.createOrg("CLIENT", "Unseen Client", server.createOrg("MSP", "Unseen MSP", mssp));
        assertThat(server.count("SELECT count(*) FROM orgs")).isGreaterThanOrEqualTo(3);

        for (String token : List.of(userToken(UUID.randomUUID(), "user", null, null),
                userToken(UUID.randomUUID(), "msp", null, null))) {
            JsonNode orgs = server.client().get("/api/portal/orgs").bearer(token).send().json();
            assertThat(orgs.get("items")).isEmpty();
            assertThat(orgs.get("total").asInt()).isZero();
            assertThat(server.client().get("/api/portal/orgs").bearer(token).query("q", "Unseen").send().json()
                    .get("total").asInt()).isZero();
            for (JsonNode org : List.of(mssp, client)) {
                ApiResponse one = server.client().get("/api/portal/orgs/" + id(org)).bearer(token).send();
                assertThat(one.status()).as("%s", one).isEqualTo(404);
            }
        }
    }

    @Test
    void productsAreManagedByAdminsAndListedWithinTheScope() {
        JsonNode mssp = server.createOrg("MSSP", "Product MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Product MSP", mssp);
        JsonNode client = server.createOrg("CLIENT", "Product Client", msp);
        JsonNode otherMssp = server.createOrg("MSSP", "Product Other", null);
        JsonNode edr = server.createProduct("EDR-" + UUID.randomUUID().toString().substring(0, 8), "Endpoint Detection");
        String code = edr.get("code").asText();

        ApiResponse duplicate = server.client().post("/api/portal/products").bearer(adminToken())
                .json("{\"code\":\"" + code.toLowerCase() + "\",\"name\":\"Again\"}").send();
        assertProblem(duplicate, 409);

        String path = "/api/portal/orgs/" + id(mssp) + "/products/" + id(edr);
        assertThat(server.client().put(path).bearer(adminToken()).send().status()).isEqualTo(204);
        assertThat(server.client().put(path).bearer(adminToken()).send().status()).isEqualTo(204);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'product.enabled' AND target_id = ?::uuid", id(mssp)))
                .isEqualTo(1);
        assertProblem(server.client().put("/api/portal/orgs/" + id(client) + "/products/" + id(edr)).bearer(adminToken()).send(), 409);
        assertProblem(server.client().put("/api/portal/orgs/" + id(mssp) + "/products/" + UUID.randomUUID())
                .bearer(adminToken()).send(), 404);

        JsonNode enabled = server.client().get("/api/portal/products").bearer(memberToken("mssp", mssp))
                .query("orgId", id(mssp)).send().json();
        assertThat(enabled.get("items")).extracting(n -> n.get("code").asText()).containsExactly(code);
        assertProblem(server.client().get("/api/portal/products").bearer(memberToken("mssp", otherMssp))
                .query("orgId", id(mssp)).send(), 404);

        assertThat(server.client().delete(path).bearer(adminToken()).send().status()).isEqualTo(204);
        assertThat(server.client().delete(path).bearer(adminToken()).send().status()).isEqualTo(204);
        assertThat(server.client().get("/api/portal/products").bearer(adminToken()).query("orgId", id(mssp)).send()
                .json().get("total").asInt()).isZero();
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'product.disabled' AND target_id = ?::uuid", id(mssp)))
                .isEqualTo(1);
    }

    @Test
    void everyChangeIsAuditedAndTheAuditLogIsAppendOnly() {
        JsonNode mssp = server.createOrg("MSSP", "Audit MSSP", null);
        patch(adminToken(), mssp, "{\"name\":\"Audit MSSP 2\"}");
        server.client().delete("/api/portal/orgs/" + id(mssp)).bearer(adminToken()).send();

        JsonNode events = server.client().get("/api/portal/admin/audit").bearer(adminToken())
                .query("targetId", id(mssp)).send().json();
        assertThat(events.get("items")).extracting(e -> e.get("action").asText())
                .containsExactly("org.archived", "org.updated", "org.created");
        JsonNode update = events.get("items").get(1);
        assertThat(update.get("details").get("changes").get("name").get("from").asText()).isEqualTo("Audit MSSP");
        assertThat(update.get("details").get("changes").get("name").get("to").asText()).isEqualTo("Audit MSSP 2");
        assertThat(update.get("targetType").asText()).isEqualTo("org");
        // the actor is actorId in every service's audit log (it was "actor" here before)
        assertThat(update.has("actor")).isFalse();
        assertThat(update.get("actorId").asText())
                .isEqualTo(server.jdbi().withHandle(h -> h.createQuery("SELECT actor_id FROM audit_events WHERE id = ?::uuid")
                        .bind(0, update.get("id").asText()).mapTo(String.class).one()))
                .isNotBlank();
        assertThat(update.get("requestId").asText()).isNotBlank();
        JsonNode filtered = server.client().get("/api/portal/admin/audit").bearer(adminToken())
                .query("action", "org.updated").query("limit", 1).send().json();
        assertThat(filtered.get("items")).hasSize(1);
        assertThat(filtered.get("total").asLong()).isEqualTo(server.count("SELECT count(*) FROM audit_events WHERE action = 'org.updated'"));

        for (String sql : List.of("UPDATE audit_events SET action = 'forged'", "DELETE FROM audit_events",
                "TRUNCATE audit_events")) {
            assertThatThrownBy(() -> server.jdbi().useHandle(h -> h.execute(sql))).as(sql)
                    .hasMessageContaining("append-only");
        }
    }
}
