package dev.portalsuite.portal.org;

import static dev.portalsuite.portal.PortalUnderTest.memberToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyset pages of {@code GET /api/portal/orgs}: {@code nextCursor} handed out, followed as {@code cursor}. */
class OrgCursorIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();

    @ParameterizedTest(name = "sort={0}")
    @ValueSource(strings = {"name", "-name", "createdAt", "-createdAt"})
    void cursorPagesUnderConcurrentInsertsRepeatNothingAndSkipNoPreExistingRow(String sort) throws Exception {
        JsonNode mssp = server.createOrg("MSSP", "Cursor MSSP " + sort, null);
        JsonNode msp = server.createOrg("MSP", "Cursor MSP " + sort, mssp);
        Set<String> preExisting = new HashSet<>(Set.of(msp.get("id").asText()));
        for (int i = 0; i < 40; i++) {
            // names spread over the alphabet, so concurrent inserts land before and after the cursor
            preExisting.add(server.createOrg("CLIENT", (char) ('a' + i % 26) + " client " + i, msp).get("id").asText());
        }
        String token = memberToken("mssp", mssp);

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            done.add(writers.submit(() -> {
                for (int i = 0; paging.get() || i < 3; i++) {
                    server.createOrg("CLIENT", (char) ('a' + (i * 7 + writer) % 26) + " new " + writer + "-" + i, msp);
                    inserted.incrementAndGet();
                }
            }));
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        try {
            JsonNode page = list(token, sort, null, 6);
            assertThat(page.get("total").isNumber()).as("the first page counts").isTrue();
            while (true) {
                pages++;
                page.get("items").forEach(item -> seen.add(item.get("id").asText()));
                if (page.get("nextCursor").isNull()) {
                    break;
                }
                page = list(token, sort, page.get("nextCursor").asText(), 6);
                assertThat(page.get("total").isNull()).as("cursor pages do not count").isTrue();
                assertThat(page.get("offset").asInt()).isZero();
            }
        } finally {
            paging.set(false);
            for (Future<?> writer : done) {
                writer.get();
            }
            writers.shutdown();
        }
        assertThat(inserted.get()).as("inserts ran while paging").isPositive();
        assertThat(pages).isGreaterThan(6);
        assertThat(seen).as("no row twice").doesNotHaveDuplicates();
        assertThat(seen).as("every row that existed before paging").containsAll(preExisting);
    }

    @Test
    void aPageEndsTheListWithANullCursorAndOffsetPagesHandOutCursorsToo() {
        JsonNode mssp = server.createOrg("MSSP", "Short MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Short MSP", mssp);
        for (String name : List.of("one", "two", "three")) {
            server.createOrg("CLIENT", name, msp);
        }
        String token = memberToken("msp", msp);
        JsonNode first = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT")
                .query("limit", 2).query("offset", 0).send().json();
        assertThat(first.get("total").asInt()).isEqualTo(3);
        assertThat(first.get("items")).extracting(n -> n.get("name").asText()).containsExactly("one", "three");
        JsonNode second = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT")
                .query("limit", 2).query("cursor", first.get("nextCursor").asText()).send().json();
        assertThat(second.get("items")).extracting(n -> n.get("name").asText()).containsExactly("two");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        JsonNode all = server.client().get("/api/portal/orgs").bearer(token).query("type", "CLIENT").send().json();
        assertThat(all.get("nextCursor").isNull()).as("one page holds everything").isTrue();
        assertThat(all.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void aCursorThatIsNotOneOfThisListsIsA400NamingCursor() {
        JsonNode mssp = server.createOrg("MSSP", "Bad Cursor MSSP", null);
        for (int i = 0; i < 3; i++) {
            server.createOrg("MSP", "Bad Cursor MSP " + i, mssp);
        }
        String token = memberToken("mssp", mssp);
        String byName = list(token, "name", null, 1).get("nextCursor").asText();
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("o1\nname\nnot-a-uuid\nx".getBytes(StandardCharsets.UTF_8));
        String unknownVersion = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("o9\nname\n00000000-0000-0000-0000-000000000000\nx".getBytes(StandardCharsets.UTF_8));
        String badInstant = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("o1\ncreatedAt\n00000000-0000-0000-0000-000000000000\nyesterday".getBytes(StandardCharsets.UTF_8));
        List<ApiClient.Call> calls = List.of(
                call(token).query("cursor", "%%%"),
                call(token).query("cursor", "bm90IGEgY3Vyc29y"),
                call(token).query("cursor", forged),
                call(token).query("cursor", unknownVersion),
                call(token).query("cursor", badInstant).query("sort", "createdAt"),
                call(token).query("cursor", byName).query("sort", "-name"),
                call(token).query("cursor", byName).query("offset", 0),
                call(token).query("cursor", ""),
                call(token).query("cursor", byName).addQuery("cursor", byName),
                call(token).query("cursor", "A".repeat(OrgCursor.MAX_LENGTH + 1)));
        for (ApiClient.Call call : calls) {
            ApiResponse response = call.send();
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.errorFields()).as(response.toString()).containsExactly("cursor");
        }
    }

    private static ApiClient.Call call(String token) {
        return server.client().get("/api/portal/orgs").bearer(token).invalidRequest();
    }

    private static JsonNode list(String token, String sort, String cursor, int limit) {
        ApiClient.Call call = server.client().get("/api/portal/orgs").bearer(token).query("sort", sort).query("limit", limit);
        if (cursor != null) {
            call.query("cursor", cursor);
        }
        ApiResponse response = call.send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
