package dev.portalsuite.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (headless chromium): the journeys people take, each page checked with axe-core at
 * phone and desktop widths, screenshots under {@code target/screenshots/}; and the same journey with JavaScript off.
 */
class JourneysIT {
    private static ConsoleSuite suite;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        suite = ConsoleSuite.start();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void the_mssp_signs_in_reads_the_dashboard_drills_into_an_msp_reads_notifications_and_signs_out() {
        journey("mssp", true);
    }

    @Test
    void the_same_journey_with_javascript_off() {
        journey("nojs", false);
    }

    @Test
    void the_inventory_user_records_a_batch_and_opens_its_label_sheet() {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        try (Browser browser = Browser.open(suite.url(), "inventory", true)) {
            browser.go("/login");
            browser.type("#email", ConsoleSuite.INVENTORY_EMAIL);
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("button[type=submit].primary");
            browser.awaitHeading("Adventure Works");
            assertThat(browser.text()).contains("Batches by status").contains("Expiring soonest");
            browser.check("01-dashboard");

            browser.clickLink("Batches");
            browser.awaitHeading("Batches");
            browser.check("02-batches");

            browser.clickLink("Record a batch");
            browser.awaitHeading("Record a batch");
            browser.type("#product", "Lamb chops");
            browser.type("#batchIdentifier", "L-42");
            browser.click("button[type=submit].primary");
            browser.awaitHeading("Batch L-42");
            assertThat(browser.text()).contains("The batch has been recorded.").contains("Status: Fresh");
            assertThat(browser.find("img.qr").getAttribute("naturalWidth")).isNotEqualTo("0");
            browser.check("03-batch");

            browser.clickLink("Print label");
            browser.awaitHeading("Labels");
            assertThat(browser.text()).contains("L-42").contains("Lamb chops");
            assertThat(browser.find(".qr-label img").getAttribute("naturalWidth")).isNotEqualTo("0");
            browser.check("04-labels");
            assertThat(today).isNotEmpty();
        }
    }

    @Test
    void the_admin_invites_an_msp_user_who_signs_up_from_the_link_and_sees_only_its_msp() {
        try (Browser browser = Browser.open(suite.url(), "admin", true)) {
            browser.go("/login");
            browser.type("#email", ConsoleSuite.ADMIN_EMAIL);
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("button[type=submit].primary");
            browser.awaitHeading("All organisations");
            browser.check("01-dashboard");

            browser.clickLink("Admin");
            browser.awaitHeading("Users");
            browser.check("02-users");
            browser.clickLink(ConsoleSuite.MSP_EMAIL);
            browser.awaitHeading(ConsoleSuite.MSP_EMAIL);
            browser.check("03-user");

            browser.go("/admin/invites");
            browser.awaitHeading("Invites");
            browser.type("#email", "mia@test.dev");
            new org.openqa.selenium.support.ui.Select(browser.find("#role")).selectByValue("msp");
            new org.openqa.selenium.support.ui.Select(browser.find("#orgId")).selectByVisibleText("Contoso IT Services (MSP)");
            browser.click("form[action='/admin/invites'] button.primary");
            browser.awaitText("Invitation created");
            assertThat(browser.find("button[data-copy]").isDisplayed()).isTrue();
            String link = browser.find("#invite-link").getAttribute("value");
            assertThat(link).contains("/signup?invite=");
            browser.check("04-invite-created");

            for (String[] page : new String[][] {{"/admin/service-clients", "Service clients", "05-service-clients"},
                    {"/admin/audit", "Audit", "06-audit"}, {"/admin/sync-runs", "Sync runs", "07-sync-runs"},
                    {"/admin/products", "Products", "08-products"}, {"/admin/policies", "Freshness policies", "09-policies"}}) {
                browser.go(page[0]);
                browser.awaitHeading(page[1]);
                browser.check(page[2]);
            }
            browser.click("form.signout button");
            browser.awaitText("You have signed out.");

            browser.go(link.substring(link.indexOf("/signup")));
            browser.awaitHeading("Create an account");
            assertThat(browser.find("#email").getAttribute("value")).isEqualTo("mia@test.dev");
            assertThat(browser.find("#email").getAttribute("readonly")).isNotNull();
            browser.check("10-signup-invited");
            browser.type("#fullName", "Mia MSP");
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("button[type=submit].primary");
            browser.awaitHeading("Contoso IT Services");
            browser.clickLink("Organisations");
            browser.awaitHeading("Organisations in your scope");
            assertThat(browser.find("#org-results").getText()).contains("Adventure Works").doesNotContain("Fabrikam")
                    .doesNotContain("Northwind");
            browser.check("11-msp-organisations");
        }
    }

    private void journey(String name, boolean javascript) {
        // exactly two unread notifications for the MSSP user, whatever ran before
        suite.call("POST", suite.portalUrl() + "/api/portal/notifications/read-all",
                suite.token(ConsoleSuite.MSSP_EMAIL, ConsoleSuite.PASSWORD), null, 200);
        suite.notifyMssp("Welcome to the portal");
        suite.notifyMssp("Licences running low");
        try (Browser browser = Browser.open(suite.url(), name, javascript)) {
            browser.go("/");
            browser.awaitHeading("Sign in");
            browser.check("01-sign-in");

            browser.click("button[type=submit].primary");
            browser.awaitText("Enter your email address.");
            browser.check("02-sign-in-errors");

            browser.type("#email", ConsoleSuite.MSSP_EMAIL);
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("button[type=submit].primary");
            browser.awaitHeading("Northwind Security");
            assertThat(browser.text()).contains("Licence use per MSP").contains("Devices per client");
            if (javascript) {
                browser.waitFor("figure[data-chart] canvas");
            } else {
                assertThat(browser.findAll("canvas")).isEmpty();
            }
            browser.check("03-dashboard");

            browser.clickLink("Organisations");
            browser.awaitHeading("Organisations in your scope");
            assertThat(browser.text()).contains("Contoso IT Services").contains("Fabrikam Managed IT");
            browser.check("04-organisations");

            browser.type("#q", "fabrikam");
            browser.click(".filters button[type=submit]");
            // htmx swaps #org-results: the element read may be replaced while it is read
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> !d.findElement(By.id("org-results")).getText().contains("Contoso IT Services"));
            assertThat(browser.find("#org-results").getText()).contains("Fabrikam Managed IT");
            assertThat(browser.path()).contains("q=fabrikam");
            browser.check("05-organisations-search");

            browser.go("/orgs");
            browser.clickLink("Contoso IT Services");
            browser.awaitHeading("Contoso IT Services");
            assertThat(browser.text()).contains("Adventure Works").contains("Alpine Ski House");
            browser.check("06-msp");

            browser.clickLink("Adventure Works");
            browser.awaitHeading("Adventure Works");
            browser.check("07-client");

            browser.click("#notifications-link");
            browser.awaitHeading("Notifications");
            assertThat(browser.find("#notifications-link").getText()).contains("2");
            assertThat(browser.text()).contains("You have 2 unread notifications.");
            browser.check("08-notifications");

            browser.find(".list li.unread form button").click();
            browser.awaitText("Marked as read.");
            assertThat(browser.text()).contains("Marked as read.").contains("You have 1 unread notification.");
            assertThat(browser.find("#notifications-link").getText()).contains("1");
            browser.clickLink("Unread");
            browser.awaitText("You have 1 unread notification.");
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("unread=1"));
            assertThat(browser.findAll(".list li")).hasSize(1);
            browser.check("09-notifications-unread");

            browser.click("form[action='/notifications/read-all'] button");
            browser.awaitText("All notifications are marked as read.");
            assertThat(browser.text()).contains("All notifications are marked as read.");
            assertThat(browser.findAll("#notifications-link .badge")).isEmpty();

            browser.clickLink("Account");
            browser.awaitHeading("Your account");
            browser.check("10-account");
            browser.clickLink("Sessions");
            browser.awaitHeading("Your sessions");
            assertThat(browser.text()).contains("This session");
            browser.check("11-sessions");

            browser.go("/orgs/" + suite.org("Other Security"));
            browser.awaitHeading("Page not found");
            browser.check("12-not-found");

            browser.click("form.signout button");
            browser.awaitText("You have signed out.");
            browser.check("13-signed-out");
            browser.go("/orgs");
            browser.awaitHeading("Sign in");
        }
    }
}
