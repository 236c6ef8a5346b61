package dev.portalsuite.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code portal-suite.jar} as a real process, the way the README tells a newcomer to:
 * the demo accounts work, SIGTERM stops it cleanly, and a restart on the same data directory keeps the data.
 * The first start runs nginx in front when it is installed (the whole suite on one origin, QR codes pointing at
 * it); the restart runs without nginx ({@code NGINX_BIN=off}), each service on its own port.
 */
class LocalSuiteIT {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    Path dataDir;
    private Path log;
    private int freshnessPort;
    private int portalPort;
    private int nginxPort;
    private int consolePort;

    @Test
    void runsTheSuiteWithDemoAccountsStopsCleanlyAndKeepsDataAcrossRestarts() throws Exception {
        int port = freePort();
        freshnessPort = freePort();
        portalPort = freePort();
        nginxPort = freePort();
        consolePort = freePort();
        boolean nginx = Nginx.locate(Env.system()).isPresent();
        Process first = launch(port, true);
        String kid;
        try {
            awaitReady(port, first);
            if (nginx) {
                assertOneOrigin(port);
            } else {
                assertThat(Files.readString(log)).contains("nginx is not installed", "apt-get install nginx", "brew install nginx");
            }
            assertThat(login(port, "admin@portal.dev", "Admin@123!").get("user").get("roles").toString()).contains("admin");
            assertThat(login(port, "chris@portal.dev", "Chris@123!").get("user").get("email").asText())
                    .isEqualTo("chris@portal.dev");
            assertThat(auth(port).post("/api/auth/register")
                    .json("{\"email\":\"kept@portal.dev\",\"password\":\"Kept-across-restarts\",\"fullName\":\"Kept\"}").send().status()).isEqualTo(201);
            kid = jwksKid(port);
            assertForgottenPasswordResetThroughTheMailCatcher(port);
            assertFreshnessDemo(port, nginx ? nginxPort : freshnessPort);
            assertPortalDemo(port, true);
            assertConsole();
        } finally {
            first.destroy(); // SIGTERM
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("suite stops after SIGTERM").isTrue();
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("PostgreSQL stopped too").doesNotExist();
        if (nginx) {
            assertThat(listening(nginxPort)).as("nginx stopped too").isFalse();
        }

        Process second = launch(port, false);
        try {
            awaitReady(port, second);
            assertThat(login(port, "kept@portal.dev", "Kept-across-restarts").get("user").get("fullName").asText())
                    .isEqualTo("Kept");
            assertThat(jwksKid(port)).as("the development signing key is kept").isEqualTo(kid);
            assertThat(Files.readString(log)).doesNotContain("one origin").doesNotContain("nginx is not installed");
            // NGINX_BIN=off starts no nginx: the console itself answers on NGINX_PORT
            try (Response page = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + nginxPort + "/").build()).execute()) {
                assertThat(String.valueOf(page.header("Server"))).doesNotContainIgnoringCase("nginx");
                assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
            }
            assertFreshnessDemo(port, freshnessPort);
            assertPortalDemo(port, false);
            assertConsole();
        } finally {
            second.destroy();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void startsAgainAfterTheLauncherWasKilledWithoutCleaningUp() throws Exception {
        int port = freePort();
        freshnessPort = freePort();
        portalPort = freePort();
        nginxPort = freePort();
        consolePort = freePort();
        Process killed = launch(port, false);
        try {
            awaitReady(port, killed);
            assertThat(auth(port).post("/api/auth/register")
                    .json("{\"email\":\"survivor@portal.dev\",\"password\":\"Survives-a-kill-9\",\"fullName\":\"Survivor\"}").send().status()).isEqualTo(201);
        } finally {
            killed.destroyForcibly(); // SIGKILL: no shutdown hook runs, the embedded PostgreSQL is left behind
        }
        assertThat(killed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).as("the orphaned PostgreSQL still runs").exists();

        Process next = launch(port, false);
        try {
            awaitReady(port, next);
            assertThat(Files.readString(log)).contains("left running");
            assertThat(login(port, "survivor@portal.dev", "Survives-a-kill-9").get("user").get("fullName").asText())
                    .isEqualTo("Survivor");
        } finally {
            next.destroy();
            assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    /**
     * nginx on NGINX_PORT routes every service's paths: the same JWKS as auth-service's own port, a login, the
     * portal's dashboard with that token, an unknown route answered by nginx itself.
     */
    private void assertOneOrigin(int authPort) throws IOException {
        assertThat(Files.readString(log)).contains("one origin     http://localhost:" + nginxPort);
        String origin = "http://127.0.0.1:" + nginxPort;
        ApiResponse jwks = new ApiClient(origin, AuthApp.OPENAPI, HTTP).get("/.well-known/jwks.json").send();
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.json().get("keys").get(0).get("kid").asText()).isEqualTo(jwksKid(authPort));
        ApiResponse pair = new ApiClient(origin, AuthApp.OPENAPI, HTTP).post("/api/auth/login")
                .json("{\"email\":\"msp@portal.dev\",\"password\":\"Msp@123!\"}").send();
        assertThat(pair.status()).as("%s", pair).isEqualTo(200);
        ApiResponse dashboard = new ApiClient(origin, PortalApp.OPENAPI, HTTP).get("/api/portal/dashboard")
                .bearer(pair.json().get("accessToken").asText()).send();
        assertThat(dashboard.status()).as("%s", dashboard).isEqualTo(200);
        assertThat(dashboard.json().get("scope").get("name").asText()).isEqualTo("Contoso IT Services");
        // nginx's own answer, not a service's: outside every service's contract
        try (Response r = HTTP.newCall(new Request.Builder().url(origin + "/health/ready").build()).execute()) {
            assertThat(r.code()).as("health stays per instance").isEqualTo(404);
        }
        assertThat(dataDir.resolve("nginx").resolve("logs").resolve("access.log")).exists();
    }

    /** The address the banner names first is the web console's sign-in page: through nginx, or the console itself. */
    private void assertConsole() throws IOException {
        assertThat(Files.readString(log)).contains("Open http://localhost:" + nginxPort);
        try (Response page = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + nginxPort + "/").build()).execute()) {
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body().string()).contains("<h1>Sign in</h1>");
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process launch(int port, boolean withNginx) throws IOException {
        Path jar = Path.of("target", "portal-suite.jar");
        assertThat(jar).as("built by the package phase").exists();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        builder.environment().put("PORTAL_DATA_DIR", dataDir.toString());
        builder.environment().put("AUTH_PORT", Integer.toString(port));
        builder.environment().put("FRESHNESS_PORT", Integer.toString(freshnessPort));
        builder.environment().put("PORTAL_PORT", Integer.toString(portalPort));
        builder.environment().put("NGINX_PORT", Integer.toString(nginxPort));
        builder.environment().put("CONSOLE_PORT", Integer.toString(consolePort));
        if (withNginx) {
            builder.environment().remove("NGINX_BIN");
        } else {
            builder.environment().put("NGINX_BIN", "off");
        }
        builder.environment().remove("PUBLIC_BASE_URL");
        builder.environment().put("BCRYPT_COST", "4");
        builder.environment().remove("DATABASE_URL");
        builder.redirectErrorStream(true);
        log = Files.createTempFile("portal-suite", ".log");
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }

    private void awaitReady(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("suite exited with " + process.exitValue() + ":\n" + tail(log));
            }
            // the banner comes last, once nginx (if any) runs and the demo data is seeded
            if (ready(port) && ready(portalPort) && ready(freshnessPort) && Files.readString(log).contains("Stop with Ctrl+C.")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("suite did not become ready:\n" + tail(log));
    }

    private static boolean ready(int port) {
        try (Response r = HTTP.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/health/ready").build()).execute()) {
            return r.code() == 200;
        } catch (IOException notYet) {
            return false; // still starting
        }
    }

    private static String tail(Path file) throws IOException {
        var lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * The demo MSSP user signs in at auth-service and sees its organisation's dashboard and subtree through
     * portal-service (which verifies the token with auth-service's JWKS); after a restart the seeding has
     * duplicated nothing. On the first start the MSP and client users check their narrower scopes too. Each
     * sign-in comes from its own client address (through the trusted loopback proxy), so the per-IP login
     * limit stays out of the way.
     */
    private void assertPortalDemo(int authPort, boolean firstStart) throws Exception {
        JsonNode mssp = loginFrom(authPort, "mssp@portal.dev", "Mssp@123!", firstStart ? "198.51.100.1" : "198.51.100.2");
        assertThat(mssp.get("user").get("roles").toString()).contains("mssp");
        assertThat(mssp.get("user").get("orgType").asText()).isEqualTo("MSSP");
        String msspToken = mssp.get("accessToken").asText();
        JsonNode dashboard = portalGet("/api/portal/dashboard", msspToken, 200);
        assertThat(dashboard.get("scope").get("kind").asText()).isEqualTo("ORG");
        assertThat(dashboard.get("scope").get("name").asText()).isEqualTo("Northwind Security");
        assertThat(dashboard.get("scope").get("orgId").asText()).isEqualTo(mssp.get("user").get("orgId").asText());
        assertThat(dashboard.get("totals").get("mssps").asInt()).isEqualTo(1);
        assertThat(dashboard.get("totals").get("msps").asInt()).isEqualTo(3);
        assertThat(dashboard.get("totals").get("clients").asInt()).isEqualTo(7);
        assertThat(dashboard.get("totals").get("purchasedLicenses").asInt()).isEqualTo(495);
        assertThat(portalGet("/api/portal/orgs?limit=200", msspToken, 200).get("total").asInt()).isEqualTo(11);
        assertThat(portalGet("/api/portal/products", msspToken, 200).get("total").asInt()).isEqualTo(4);
        assertThat(portalGet("/api/portal/notifications", msspToken, 200).get("unreadCount").asInt()).isEqualTo(1);
        if (!firstStart) {
            return;
        }
        JsonNode msp = loginFrom(authPort, "msp@portal.dev", "Msp@123!", "198.51.100.3");
        JsonNode mspDashboard = portalGet("/api/portal/dashboard", msp.get("accessToken").asText(), 200);
        assertThat(mspDashboard.get("scope").get("name").asText()).isEqualTo("Contoso IT Services");
        assertThat(mspDashboard.get("totals").get("clients").asInt()).isEqualTo(2);
        JsonNode client = loginFrom(authPort, "client@portal.dev", "Client@123!", "198.51.100.4");
        String clientToken = client.get("accessToken").asText();
        String clientOrg = client.get("user").get("orgId").asText();
        assertThat(portalGet("/api/portal/orgs/" + clientOrg, clientToken, 200).get("name").asText())
                .isEqualTo("Adventure Works");
        portalGet("/api/portal/orgs/" + mssp.get("user").get("orgId").asText(), clientToken, 404);
    }

    private JsonNode portalGet(String path, String token, int expected) {
        ApiResponse response = new ApiClient("http://127.0.0.1:" + portalPort, PortalApp.OPENAPI, HTTP).get(path).bearer(token).send();
        assertThat(response.status()).as("%s", response).isEqualTo(expected);
        return response.json();
    }

    private static JsonNode loginFrom(int port, String email, String password, String clientIp) {
        ApiResponse response = auth(port).post("/api/auth/login").header("X-Forwarded-For", clientIp)
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").send();
        assertThat(response.status()).as("%s: %s", email, response).isEqualTo(200);
        return response.json();
    }

    /**
     * The demo inventory user signs in at auth-service, lists its organisation's batches at freshness-service
     * (one per status), and anyone can open a batch's public page at the URL its QR code encodes.
     */
    private void assertFreshnessDemo(int authPort, int publicPort) throws Exception {
        JsonNode pair = login(authPort, "inventory@portal.dev", "Inventory@123!");
        assertThat(pair.get("user").get("roles").toString()).contains("inventory");
        assertThat(pair.get("user").get("orgType").asText()).isEqualTo("CLIENT");
        String token = pair.get("accessToken").asText();
        ApiResponse listed = new ApiClient("http://127.0.0.1:" + freshnessPort, FreshnessApp.OPENAPI, HTTP)
                .get("/api/freshness/batches").query("q", "DEMO-").bearer(token).send();
        assertThat(listed.status()).as("%s", listed).isEqualTo(200);
        JsonNode batches = listed.json();
        assertThat(batches.get("total").asInt()).isEqualTo(3);
        java.util.Map<String, JsonNode> byStatus = new java.util.HashMap<>();
        batches.get("items").forEach(batch -> byStatus.put(batch.get("status").asText(), batch));
        assertThat(byStatus).containsOnlyKeys("FRESH", "CAUTION", "EXPIRED");

        String publicUrl = byStatus.get("FRESH").get("publicUrl").asText();
        assertThat(publicUrl).startsWith("http://localhost:" + publicPort + "/b/");
        String path = publicUrl.substring(publicUrl.indexOf("/b/"));
        ApiResponse page = new ApiClient("http://127.0.0.1:" + publicPort, FreshnessApp.OPENAPI, HTTP).get(path).send();
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<html lang=\"en\">", "Beef mince", "DEMO-FRESH", "Status: Fresh");
        assertThat(Files.readString(log)).contains("example public page  " + publicUrl);
    }

    /**
     * Without SMTP_HOST the suite catches auth's mails and logs each with its links: "forgot password" → the link in
     * the log points at the console origin → the reset works and the new password signs in.
     */
    private void assertForgottenPasswordResetThroughTheMailCatcher(int port) throws Exception {
        assertThat(Files.readString(log)).contains("mail catcher   every mail is caught here", "IMAP localhost:");
        assertThat(auth(port).post("/api/auth/register")
                .json("{\"email\":\"forgetful@portal.dev\",\"password\":\"Forgotten-at-once\",\"fullName\":\"Forgetful\"}")
                .send().status()).isEqualTo(201);
        assertThat(auth(port).post("/api/auth/password/forgot").json("{\"email\":\"forgetful@portal.dev\"}").send().status())
                .isEqualTo(202);
        Pattern link = Pattern.compile("http://localhost:" + nginxPort + "/reset-password\\?token=([A-Za-z0-9_-]{43})");
        String token = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (token == null && System.nanoTime() < deadline) {
            Matcher m = link.matcher(Files.readString(log).replace("\\/", "/")); // JSON log lines escape slashes
            if (m.find()) {
                token = m.group(1);
            } else {
                Thread.sleep(200);
            }
        }
        assertThat(token).as("the reset link logged by the mail catcher:\n%s", tail(log)).isNotNull();
        // the console's development mailbox shows the same mail with its link
        try (okhttp3.Response mailbox = HTTP.newCall(new okhttp3.Request.Builder()
                .url("http://127.0.0.1:" + nginxPort + "/dev/mailbox").build()).execute()) {
            assertThat(mailbox.code()).isEqualTo(200);
            assertThat(mailbox.body().string()).contains("forgetful@portal.dev", "/reset-password?token=" + token);
        }
        assertThat(Files.readString(log)).contains("/dev/mailbox");
        assertThat(auth(port).post("/api/auth/password/reset")
                .json("{\"token\":\"" + token + "\",\"newPassword\":\"Remembered-now-1\"}").send().status()).isEqualTo(204);
        assertThat(login(port, "forgetful@portal.dev", "Remembered-now-1").get("user").get("email").asText())
                .isEqualTo("forgetful@portal.dev");
    }

    private static JsonNode login(int port, String email, String password) {
        ApiResponse response = auth(port).post("/api/auth/login")
                .json("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").send();
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json();
    }

    private static String jwksKid(int port) {
        return auth(port).get("/.well-known/jwks.json").send().json().get("keys").get(0).get("kid").asText();
    }

    /** auth-service on its own port; every request and response is checked against its openapi.yaml. */
    private static ApiClient auth(int port) {
        return new ApiClient("http://127.0.0.1:" + port, AuthApp.OPENAPI, HTTP);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
