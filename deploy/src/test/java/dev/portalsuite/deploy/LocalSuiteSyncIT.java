package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local suite with {@code HEIMDAL_BASE_URL} set: it provisions heimdal-sync's service client (development
 * default secret), prints the command to run the sync, and runs it once at start-up into the demo MSSP.
 * Heimdal is faked by a real HTTP server on loopback. The suite runs on the PostgreSQL named by
 * {@code DATABASE_URL} (the test's own database) instead of starting its embedded one.
 */
class LocalSuiteSyncIT {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private static final String API_KEY = "hk_local_suite_test_key";

    @TempDir
    Path dataDir;

    @Test
    void runsTheSyncOnceAtStartUpIntoTheDemoMssp() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer heimdal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        heimdal.createContext("/customers", exchange -> {
            requests.incrementAndGet();
            boolean authorized = ("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorized ? """
                    [{"customerId":"ls-r1","customerName":"Local Reseller","type":"RESELLER","parentId":"ls-mssp"},
                     {"customerId":"ls-c1","customerName":"Local Corp","type":"CORP","parentId":"ls-r1","devices":4},
                     {"customerId":"ls-c2","customerName":"Direct Corp","type":"CORP","parentId":"ls-mssp"}]"""
                    : "{\"message\":\"bad key\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(authorized ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        heimdal.start();
        Map<String, String> env = new HashMap<>();
        env.put("PORTAL_DATA_DIR", dataDir.toString());
        env.put("AUTH_PORT", Integer.toString(freePort()));
        env.put("PORTAL_PORT", Integer.toString(freePort()));
        env.put("FRESHNESS_PORT", Integer.toString(freePort()));
        env.put("BCRYPT_COST", "4");
        env.put("NGINX_BIN", "off"); // the suite without nginx; LocalSuiteIT and EndToEndIT cover nginx
        env.put("HEIMDAL_BASE_URL", "http://127.0.0.1:" + heimdal.getAddress().getPort());
        env.put("HEIMDAL_API_KEY", API_KEY);
        env.put("HEIMDAL_CUSTOMER_ID", "ls-mssp");
        DatabaseConfig database = TestPostgres.newDatabase();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        try (LocalSuite suite = LocalSuite.start(new Env(env))) {
            String banner = suite.banner();
            assertThat(banner).contains("heimdal-sync   service client 'heimdal-sync'")
                    .contains("PORTAL_URL=http://127.0.0.1:" + suite.portalPort())
                    .contains("SYNC_MSSP_ORG_ID=" + DemoData.DEMO_MSSP_ORG_ID)
                    .doesNotContain(API_KEY);

            String admin = login(suite.authPort());
            JsonNode run = awaitFinishedRun(suite.portalPort(), admin);
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
            assertThat(run.get("startedBy").asText()).isEqualTo("heimdal-sync");
            assertThat(run.get("msspOrgId").asText()).isEqualTo(DemoData.DEMO_MSSP_ORG_ID.toString());
            assertThat(run.get("inserted").asInt()).isEqualTo(3);
            assertThat(requests.get()).isEqualTo(1);

            JsonNode orgs = get(suite.portalPort(), "/api/portal/orgs?q=Local&limit=50", admin);
            assertThat(orgs.get("items").findValuesAsText("externalId")).contains("ls-r1", "ls-c1");

            // everything went into the given database; no embedded PostgreSQL was started
            assertThat(dataDir.resolve("postgres")).doesNotExist();
            List<String> synced = Jdbi.create(database.jdbcUrl(), database.user(), database.password()).withHandle(h -> h
                    .createQuery("SELECT external_id FROM portal.orgs WHERE external_source = 'heimdal' ORDER BY external_id")
                    .mapTo(String.class).list());
            assertThat(synced).containsExactly("ls-c1", "ls-c2", "ls-r1");
        } finally {
            heimdal.stop(0);
        }
    }

    private static JsonNode awaitFinishedRun(int portalPort, String admin) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode runs = get(portalPort, "/api/portal/sync-runs?source=heimdal", admin).get("items");
            if (runs.size() > 0 && !runs.get(0).get("status").asText().equals("RUNNING")) {
                return runs.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the start-up sync did not finish");
    }

    private static String login(int authPort) {
        ApiResponse response = new ApiClient("http://127.0.0.1:" + authPort, AuthApp.OPENAPI, HTTP).post("/api/auth/login")
                .json("{\"email\":\"admin@portal.dev\",\"password\":\"Admin@123!\"}").send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().get("accessToken").asText();
    }

    private static JsonNode get(int port, String path, String token) {
        ApiResponse response = new ApiClient("http://127.0.0.1:" + port, PortalApp.OPENAPI, HTTP).get(path).bearer(token).send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
