package dev.portalsuite.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every page and form over plain HTTP (no JavaScript), for each role: what it shows, what it refuses. */
class PagesIT {
    @RegisterExtension
    static final ConsoleSuite suite = new ConsoleSuite();

    @Test
    void the_mssp_dashboard_shows_its_scope_totals_and_chart_tables() {
        WebClient.Page page = suite.signedIn(ConsoleSuite.MSSP_EMAIL).get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Northwind Security</h1>").contains("Licence use per MSP")
                .contains("Devices per client").contains("Litware Inc.").contains("data-value=\"65\"")
                .contains("No sync has run").doesNotContain("Other Security");
        assertThat(page.body()).contains("href=\"/orgs\"").doesNotContain("Batches by status");
    }

    @Test
    void the_inventory_dashboard_shows_batches_by_status_and_expiring_soonest() {
        WebClient.Page page = suite.signedIn(ConsoleSuite.INVENTORY_EMAIL).get("/");
        assertThat(page.body()).contains("Batches by status").contains("Expiring soonest").contains("Beef mince")
                .contains("Pork sausages").doesNotContain("Licence use per MSP").doesNotContain("href=\"/orgs\"");
    }

    @Test
    void organisations_are_listed_within_scope_with_search_filter_and_paging() {
        WebClient msp = suite.signedIn(ConsoleSuite.MSP_EMAIL);
        WebClient.Page list = msp.get("/orgs");
        assertThat(list.body()).contains("Contoso IT Services").contains("Adventure Works").contains("Alpine Ski House")
                .doesNotContain("Fabrikam").doesNotContain("Northwind");

        WebClient mssp = suite.signedIn(ConsoleSuite.MSSP_EMAIL);
        assertThat(mssp.get("/orgs?q=alpine").body()).contains("Alpine Ski House").doesNotContain("Litware");
        assertThat(mssp.get("/orgs?type=MSP").body()).contains("Contoso IT Services").contains("Fabrikam Managed IT")
                .doesNotContain("Litware");
        assertThat(mssp.get("/orgs?type=CLIENT&status=INACTIVE").body()).contains("No organisations match");
        assertThat(mssp.get("/orgs?type=bogus&page=-3").status()).isEqualTo(200);
        // a filter form submitted with nothing chosen: the APIs refuse an empty query value, so none may be sent
        WebClient.Page unfiltered = mssp.get("/orgs?q=&type=&status=&page=");
        assertThat(unfiltered.status()).isEqualTo(200);
        assertThat(unfiltered.body()).contains("1–6 of 6 organisations");
        assertThat(mssp.get("/orgs").body()).contains("1–6 of 6 organisations");
    }

    @Test
    void the_mssp_drills_into_an_msp_and_cannot_see_another_mssp() {
        WebClient mssp = suite.signedIn(ConsoleSuite.MSSP_EMAIL);
        WebClient.Page page = mssp.get("/orgs/" + suite.org("Contoso IT Services"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Contoso IT Services</h1>").contains("Adventure Works")
                .contains("Alpine Ski House").contains("Northwind Security").contains("Add a client");

        WebClient.Page other = mssp.get("/orgs/" + suite.org("Other Security"));
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.header("Content-Type")).startsWith("text/html");
        assertThat(other.body()).contains("Page not found");
        assertThat(mssp.get("/orgs/not-a-uuid").status()).isEqualTo(404);
    }

    @Test
    void people_without_an_organisation_role_get_a_403_page_for_organisations() {
        WebClient user = suite.signedIn(ConsoleSuite.USER_EMAIL);
        WebClient.Page page = user.get("/orgs");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("Not allowed");
        assertThat(suite.signedIn(ConsoleSuite.INVENTORY_EMAIL).get("/orgs").status()).isEqualTo(403);
    }

    @Test
    void an_msp_creates_and_edits_a_client_and_validation_messages_keep_the_values() {
        WebClient msp = suite.signedIn(ConsoleSuite.MSP_EMAIL);
        String contoso = suite.org("Contoso IT Services");
        WebClient.Page invalid = msp.submit("/orgs/new?parentId=" + contoso + "&type=CLIENT", "/orgs",
                Map.of("type", "CLIENT", "parentId", contoso, "name", "", "devices", "many"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("Enter the organisation's name.").contains("Enter a whole number.")
                .contains("value=\"many\"");

        WebClient.Page created = msp.submit("/orgs/new", "/orgs", Map.of("type", "CLIENT", "parentId", contoso,
                "name", "Blue Yonder", "purchasedLicenses", "12", "activeLicenses", "3", "devices", "4"));
        assertThat(created.status()).isEqualTo(303);
        WebClient.Page page = msp.get(created.location());
        assertThat(page.body()).contains("<h1>Blue Yonder</h1>").contains("The organisation has been created.");

        String id = created.location().substring("/orgs/".length(), created.location().indexOf('?'));
        WebClient.Page saved = msp.submit("/orgs/" + id + "/edit", "/orgs/" + id, Map.of("name", "Blue Yonder Airlines",
                "devices", "9", "purchasedLicenses", "12", "activeLicenses", "3"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(msp.get("/orgs/" + id).body()).contains("Blue Yonder Airlines").contains("<dd>9</dd>");

        // archiving is for administrators: no button, and the form is refused
        assertThat(msp.get("/orgs/" + id).body()).doesNotContain("/archive");
        assertThat(msp.submit("/orgs/" + id, "/orgs/" + id + "/archive", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void an_admin_archives_an_organisation() {
        WebClient admin = suite.signedIn(ConsoleSuite.ADMIN_EMAIL);
        String id = suite.org("Alpine Ski House");
        WebClient.Page archived = admin.submit("/orgs/" + id, "/orgs/" + id + "/archive", Map.of());
        assertThat(archived.status()).isEqualTo(303);
        assertThat(admin.get(archived.location()).body()).contains("Archived").contains("The organisation has been archived.");
    }

    @Test
    void notifications_are_listed_filtered_and_marked_read() {
        WebClient mssp = suite.signedIn(ConsoleSuite.MSSP_EMAIL);
        WebClient.Page home = mssp.get("/");
        assertThat(home.body()).contains("<span class=\"badge\">2<span class=\"visually-hidden\"> unread</span>");

        WebClient.Page list = mssp.get("/notifications?unread=1");
        assertThat(list.body()).contains("Welcome to the portal").contains("Licences running low")
                .contains("You have 2 unread notifications.");
        String id = list.body().replaceAll("(?s).*name=\"id\" value=\"([0-9a-f-]{36})\".*", "$1");
        WebClient.Page read = mssp.post("/notifications/read", Map.of("_csrf", list.csrf(), "id", id, "unread", "1"));
        assertThat(read.status()).isEqualTo(303);
        WebClient.Page after = mssp.get(read.location());
        assertThat(after.body()).contains("Marked as read.").contains("You have 1 unread notification.");

        WebClient.Page badge = mssp.get("/notifications/badge", Map.of("HX-Request", "true"));
        assertThat(badge.body()).startsWith("<a href=\"/notifications\"").contains(">1<");

        WebClient.Page all = mssp.submit("/notifications", "/notifications/read-all", Map.of());
        assertThat(mssp.get(all.location()).body()).contains("All notifications are marked as read.")
                .contains("You have no unread notifications.");
        assertThat(mssp.get("/").body()).doesNotContain("class=\"badge\"");

        assertThat(mssp.post("/notifications/read", Map.of("_csrf", list.csrf(), "id", "nope")).status()).isEqualTo(400);
    }

    @Test
    void account_profile_password_and_sessions() {
        WebClient web = new WebClient(suite.url());
        String email = "acct@test.dev";
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Ada Account"), 201);
        web.signInOk(email, ConsoleSuite.PASSWORD);
        WebClient other = new WebClient(suite.url());
        other.signInOk(email, ConsoleSuite.PASSWORD);

        assertThat(web.get("/account").body()).contains("value=\"Ada Account\"");
        WebClient.Page empty = web.submit("/account", "/account/profile", Map.of("fullName", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body()).contains("Enter your name.");
        WebClient.Page saved = web.submit("/account", "/account/profile", Map.of("fullName", "Ada Lovelace"));
        assertThat(web.get(saved.location()).body()).contains("Your profile has been saved.").contains("Ada Lovelace");

        WebClient.Page wrong = web.submit("/account", "/account/password", Map.of("currentPassword", "nope-nope-nope",
                "newPassword", "Another-Long-Password-1"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("field-error").doesNotContain("nope-nope-nope");

        WebClient.Page sessions = web.get("/account/sessions");
        assertThat(sessions.body()).contains("This session").contains("Sign out everywhere");

        WebClient.Page changed = web.submit("/account", "/account/password", Map.of("currentPassword", ConsoleSuite.PASSWORD,
                "newPassword", "Another-Long-Password-1"));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(web.get(changed.location()).body()).contains("Your password has been changed.");
        // the other browser's session was revoked by auth-service: its next refresh fails and the console says so
        suite.execute("UPDATE console.sessions SET access_expires_at = now() - interval '1 minute'");
        WebClient.Page ended = other.get("/account");
        assertThat(ended.status()).isEqualTo(303);
        assertThat(ended.location()).isEqualTo("/login?ended=1");

        WebClient.Page everywhere = web.submit("/account/sessions", "/account/sessions/revoke-all", Map.of());
        assertThat(everywhere.location()).isEqualTo("/login?done=signed-out");
        assertThat(web.get("/account").status()).isEqualTo(303);
    }

    @Test
    void unknown_pages_are_html_404s_and_pages_need_a_session() {
        WebClient anonymous = new WebClient(suite.url());
        WebClient.Page missing = anonymous.get("/no/such/page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        WebClient.Page orgs = anonymous.get("/orgs?type=MSP");
        assertThat(orgs.status()).isEqualTo(303);
        assertThat(orgs.location()).isEqualTo("/login?next=%2Forgs%3Ftype%3DMSP");
        assertThat(anonymous.get("/notifications/badge", Map.of("HX-Request", "true")).header("HX-Redirect"))
                .startsWith("/login");
        assertThat(anonymous.get("/health/ready").body()).contains("UP");
    }
}
