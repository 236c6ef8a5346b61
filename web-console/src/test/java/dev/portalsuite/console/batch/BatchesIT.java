package dev.portalsuite.console.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The freshness pages over plain HTTP: list, record, edit, delete, QR codes and the label sheet. */
class BatchesIT {
    @RegisterExtension
    static final ConsoleSuite suite = new ConsoleSuite();

    @Test
    void inventory_staff_list_and_filter_their_batches() {
        WebClient web = suite.signedIn(ConsoleSuite.INVENTORY_EMAIL);
        WebClient.Page list = web.get("/batches");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("B-1").contains("B-2").contains("B-3").contains("Beef mince")
                .contains("status-fresh").contains("status-caution").contains("status-expired");
        assertThat(web.get("/batches?status=EXPIRED").body()).contains("Chicken breast").doesNotContain("Beef mince");
        assertThat(web.get("/batches?q=sausage").body()).contains("Pork sausages").doesNotContain("Chicken breast");
        // the filter form with nothing chosen (empty select, empty boxes): no empty query value reaches the API
        assertThat(web.get("/batches?status=&product=&q=").body()).contains("Pork sausages").contains("Chicken breast")
                .contains("Beef mince");
        assertThat(web.get("/").body()).contains("href=\"/batches\"");
    }

    @Test
    void organisation_staff_without_the_inventory_role_get_403() {
        WebClient web = suite.signedIn(ConsoleSuite.MSSP_EMAIL);
        assertThat(web.get("/batches").status()).isEqualTo(403);
        assertThat(web.get("/batches/new").status()).isEqualTo(403);
        assertThat(web.get("/").body()).doesNotContain("href=\"/batches\"");
    }

    @Test
    void record_a_batch_with_messages_next_to_the_fields_then_edit_print_and_delete_it() {
        WebClient web = suite.signedIn(ConsoleSuite.INVENTORY_EMAIL);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();

        WebClient.Page invalid = web.submit("/batches/new", "/batches", Map.of("product", "Lamb chops",
                "batchIdentifier", "L-9", "butcherDate", today, "arrivalDate", tomorrow));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("id=\"arrivalDate-error\"").contains("value=\"Lamb chops\"")
                .contains("value=\"" + tomorrow + "\"");

        WebClient.Page duplicate = web.submit("/batches/new", "/batches", Map.of("product", "Beef mince",
                "batchIdentifier", "B-1", "butcherDate", today, "arrivalDate", today));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("id=\"batchIdentifier-error\"");

        WebClient.Page created = web.submit("/batches/new", "/batches", Map.of("product", "Lamb chops",
                "batchIdentifier", "L-9", "butcherDate", today, "arrivalDate", today, "notes", "From the farm"));
        assertThat(created.status()).isEqualTo(303);
        WebClient.Page page = web.get(created.location());
        assertThat(page.body()).contains("Batch L-9").contains("The batch has been recorded.").contains("Status: Fresh")
                .contains("From the farm").contains("/qr.svg");
        String id = created.location().substring("/batches/".length(), created.location().indexOf('?'));

        WebClient.Page svg = web.get("/batches/" + id + "/qr.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(svg.body()).contains("<svg");
        WebClient.Page png = web.get("/batches/" + id + "/qr.png?download=1");
        assertThat(png.header("Content-Type")).isEqualTo("image/png");
        assertThat(png.header("Content-Disposition")).contains("attachment").contains(".png");

        WebClient.Page saved = web.submit("/batches/" + id + "/edit", "/batches/" + id, Map.of("product", "Lamb chops",
                "batchIdentifier", "L-10", "butcherDate", today, "arrivalDate", today, "notes", ""));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(web.get("/batches/" + id).body()).contains("Batch L-10").doesNotContain("From the farm");

        String other = web.get("/batches?q=B-1").body().replaceAll("(?s).*name=\"ids\" value=\"([0-9a-f-]{36})\".*", "$1");
        WebClient.Page labels = web.get("/batches/labels?ids=" + id + "&ids=" + other);
        assertThat(labels.status()).isEqualTo(200);
        assertThat(labels.body()).contains("2 labels").contains("L-10").contains("B-1")
                .contains("/batches/" + id + "/qr.svg");
        assertThat(web.get("/batches/labels").status()).isEqualTo(400);
        assertThat(web.get("/batches/labels?ids=nope").status()).isEqualTo(404);

        assertThat(web.get("/batches/" + id + "/delete").body()).contains("Delete batch L-10?");
        WebClient.Page deleted = web.submit("/batches/" + id + "/delete", "/batches/" + id + "/delete", Map.of());
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(web.get(deleted.location()).body()).contains("The batch has been deleted").doesNotContain("L-10");
    }

    @Test
    void another_shops_batch_is_a_404_page() {
        WebClient admin = suite.signedIn(ConsoleSuite.ADMIN_EMAIL);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        WebClient.Page missingOrg = admin.submit("/batches/new", "/batches", Map.of("product", "Veal",
                "batchIdentifier", "V-1", "butcherDate", today, "arrivalDate", today));
        assertThat(missingOrg.status()).isEqualTo(400);
        assertThat(missingOrg.body()).contains("Organisation id");
        WebClient.Page created = admin.submit("/batches/new", "/batches", Map.of("product", "Veal", "batchIdentifier", "V-1",
                "butcherDate", today, "arrivalDate", today, "orgId", suite.org("Litware Inc.")));
        assertThat(created.status()).isEqualTo(303);
        String path = created.location().substring(0, created.location().indexOf('?'));

        WebClient inventory = suite.signedIn(ConsoleSuite.INVENTORY_EMAIL);
        assertThat(inventory.get(path).status()).isEqualTo(404);
        assertThat(inventory.get(path + "/qr.svg").status()).isEqualTo(404);
    }
}
