package dev.portalsuite.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The administration pages over plain HTTP, and who may see them. */
class AdminIT {
    private static final Pattern LINK = Pattern.compile("id=\"invite-link\" type=\"text\" readonly value=\"([^\"]+)\"");
    @RegisterExtension
    static final ConsoleSuite suite = new ConsoleSuite();

    @Test
    void admin_pages_are_for_admins_and_invites_also_for_mssp_and_msp() {
        WebClient client = suite.signedIn(ConsoleSuite.CLIENT_EMAIL);
        for (String path : new String[] {"/admin/users", "/admin/invites", "/admin/service-clients", "/admin/audit",
                "/admin/sync-runs", "/admin/products", "/admin/policies"}) {
            assertThat(client.get(path).status()).as(path).isEqualTo(403);
        }
        WebClient msp = suite.signedIn(ConsoleSuite.MSP_EMAIL);
        assertThat(msp.get("/admin/users").status()).isEqualTo(403);
        WebClient.Page invites = msp.get("/admin/invites");
        assertThat(invites.status()).isEqualTo(200);
        assertThat(invites.body()).contains("<option value=\"msp\"").contains("<option value=\"client\"")
                .doesNotContain("<option value=\"admin\"").doesNotContain("<option value=\"mssp\"")
                .contains("Adventure Works").doesNotContain("Fabrikam").doesNotContain("href=\"/admin/users\"");
        WebClient admin = suite.signedIn(ConsoleSuite.ADMIN_EMAIL);
        for (String path : new String[] {"/admin/users", "/admin/invites", "/admin/service-clients", "/admin/audit",
                "/admin/audit?source=portal", "/admin/audit?source=freshness", "/admin/sync-runs", "/admin/products",
                "/admin/policies"}) {
            assertThat(admin.get(path).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void an_msp_invites_a_client_user_who_signs_up_from_the_link_and_sees_only_that_client() {
        WebClient msp = suite.signedIn(ConsoleSuite.MSP_EMAIL);
        String adventure = suite.org("Adventure Works");
        WebClient.Page refused = msp.submit("/admin/invites", "/admin/invites", Map.of("email", "", "role", "admin",
                "orgId", adventure));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Enter the email address to invite.").contains("Choose one of the roles");

        WebClient.Page created = msp.submit("/admin/invites", "/admin/invites", Map.of("email", "cora@test.dev",
                "role", "client", "orgId", adventure));
        assertThat(created.status()).isEqualTo(201);
        Matcher link = LINK.matcher(created.body());
        assertThat(link.find()).isTrue();
        String url = link.group(1).replace("&amp;", "&");
        assertThat(url).startsWith("http://localhost:8080/signup?invite=").contains("email=cora%40test.dev");
        assertThat(msp.get("/admin/invites?status=PENDING").body()).contains("cora@test.dev");

        WebClient cora = new WebClient(suite.url());
        String path = url.substring("http://localhost:8080".length());
        WebClient.Page signup = cora.get(path);
        assertThat(signup.body()).contains("value=\"cora@test.dev\"").contains("readonly");
        String token = path.replaceAll(".*invite=([^&]+).*", "$1");
        WebClient.Page done = cora.post("/signup", Map.of("_csrf", signup.csrf(), "email", "cora@test.dev",
                "fullName", "Cora Client", "password", ConsoleSuite.PASSWORD, "inviteToken", token));
        assertThat(done.status()).isEqualTo(303);
        WebClient.Page home = cora.get("/");
        assertThat(home.body()).contains("<h1>Adventure Works</h1>");
        WebClient.Page orgs = cora.get("/orgs");
        assertThat(orgs.body()).contains("Adventure Works").doesNotContain("Contoso").doesNotContain("Alpine");

        // used once: a second sign-up with the same link is refused with a reason
        WebClient again = new WebClient(suite.url());
        WebClient.Page reused = again.submit(path, "/signup", Map.of("email", "cora@test.dev", "fullName", "Cora",
                "password", ConsoleSuite.PASSWORD, "inviteToken", token));
        assertThat(reused.status()).isIn(400, 409);

        // revoking: a new invite, then revoke it
        msp.submit("/admin/invites", "/admin/invites", Map.of("email", "gone@test.dev", "role", "client", "orgId", adventure));
        String pending = msp.get("/admin/invites?status=PENDING").body();
        String id = pending.replaceAll("(?s).*action=\"/admin/invites/([0-9a-f-]{36})/revoke\".*", "$1");
        WebClient.Page revoked = msp.submit("/admin/invites", "/admin/invites/" + id + "/revoke", Map.of());
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(msp.get("/admin/invites?status=REVOKED").body()).contains("gone@test.dev");
    }

    @Test
    void users_are_searched_edited_unlocked_and_deleted_by_an_admin() {
        WebClient admin = suite.signedIn(ConsoleSuite.ADMIN_EMAIL);
        assertThat(admin.get("/admin/users?q=uma").body()).contains(ConsoleSuite.USER_EMAIL).doesNotContain(ConsoleSuite.MSP_EMAIL);
        assertThat(admin.get("/admin/users?role=inventory").body()).contains(ConsoleSuite.INVENTORY_EMAIL)
                .doesNotContain(ConsoleSuite.USER_EMAIL);
        String list = admin.get("/admin/users?q=uma").body();
        String id = list.replaceAll("(?s).*href=\"/admin/users/([0-9a-f-]{36})\".*", "$1");

        WebClient.Page none = admin.submit("/admin/users/" + id, "/admin/users/" + id, Map.of("orgId", ""));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body()).contains("Give the user at least one role.");

        WebClient.Page saved = admin.submit("/admin/users/" + id, "/admin/users/" + id, Map.of("role-user", "on",
                "role-inventory", "on", "orgId", suite.org("Litware Inc.")));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(admin.get(saved.location()).body()).contains("The user has been saved.").contains("inventory, user");

        WebClient.Page unlocked = admin.submit("/admin/users/" + id, "/admin/users/" + id + "/unlock", Map.of());
        assertThat(unlocked.status()).isEqualTo(303);

        assertThat(admin.get("/admin/users/" + id + "/delete").body()).contains("Delete " + ConsoleSuite.USER_EMAIL + "?");
        WebClient.Page deleted = admin.submit("/admin/users/" + id + "/delete", "/admin/users/" + id + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(admin.get("/admin/users/" + id).status()).isEqualTo(404);
    }

    @Test
    void service_clients_products_policies_audit_and_sync_runs() {
        WebClient admin = suite.signedIn(ConsoleSuite.ADMIN_EMAIL);
        WebClient.Page created = admin.submit("/admin/service-clients", "/admin/service-clients",
                Map.of("clientId", "test-sync", "scopes", "portal:ingest"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).contains("Client test-sync created").contains("id=\"client-secret\"");
        assertThat(admin.get("/admin/service-clients").body()).contains("test-sync").doesNotContain("id=\"client-secret\"");
        WebClient.Page disabled = admin.submit("/admin/service-clients", "/admin/service-clients/test-sync",
                Map.of("disabled", "true"));
        assertThat(disabled.status()).isEqualTo(303);
        assertThat(admin.get("/admin/service-clients").body()).contains("Disabled");

        WebClient.Page product = admin.submit("/admin/products", "/admin/products", Map.of("code", "EDR",
                "name", "Endpoint Detection"));
        assertThat(product.status()).isEqualTo(303);
        String page = admin.get("/admin/products").body();
        assertThat(page).contains("Endpoint Detection").contains("Northwind Security");
        Matcher toggle = Pattern.compile("action=\"(/admin/products/[0-9a-f-]{36}/orgs/[0-9a-f-]{36})\"").matcher(page);
        assertThat(toggle.find()).isTrue();
        assertThat(admin.submit("/admin/products", toggle.group(1), Map.of("enable", "on")).status()).isEqualTo(303);
        assertThat(admin.get("/admin/products").body()).contains("status-active");

        WebClient.Page badPolicy = admin.submit("/admin/policies", "/admin/policies", Map.of("product", "Beef mince",
                "freshMaxDays", "x", "cautionMaxDays", "4"));
        assertThat(badPolicy.status()).isEqualTo(400);
        assertThat(badPolicy.body()).contains("Enter a whole number of days.");
        WebClient.Page policy = admin.submit("/admin/policies", "/admin/policies", Map.of("product", "Beef mince",
                "freshMaxDays", "3", "cautionMaxDays", "5"));
        assertThat(policy.status()).isEqualTo(303);
        assertThat(admin.get("/admin/policies").body()).contains("Beef mince");

        assertThat(admin.get("/admin/audit").body()).contains("LOGIN");
        assertThat(admin.get("/admin/audit?source=portal").body()).containsIgnoringCase("org");
        assertThat(admin.get("/admin/audit?action=nonsense").status()).isIn(200, 400);
        // the shared audit log names the actor actorId in every service: the portal's events show who made them
        String adminId = suite.call("GET", suite.authUrl() + "/api/auth/me",
                suite.token(ConsoleSuite.ADMIN_EMAIL, ConsoleSuite.PASSWORD), null, 200).path("id").asText();
        WebClient.Page portalAudit = admin.get("/admin/audit?source=portal&action=&from=&to=");
        assertThat(portalAudit.status()).isEqualTo(200);
        assertThat(portalAudit.body()).contains(adminId).doesNotContain("class=\"banner\"");
        assertThat(admin.get("/admin/sync-runs").body()).contains("No sync has run yet.");
    }
}
