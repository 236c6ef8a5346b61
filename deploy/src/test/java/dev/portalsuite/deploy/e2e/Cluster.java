package dev.portalsuite.deploy.e2e;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.console.ConsoleUnderTest;
import dev.portalsuite.deploy.Nginx;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.testing.ServiceUnderTest;
import dev.portalsuite.shared.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two instances each of auth-service, portal-service, freshness-service and web-console, started by the shared
 * app-under-test fixture ({@link AuthUnderTest}, {@link PortalUnderTest}, {@link FreshnessUnderTest},
 * {@link ConsoleUnderTest}) on ONE fresh PostgreSQL database, behind a real nginx started by the launcher's own code
 * ({@link Nginx#start}) with the local template and two servers per upstream. Everything between the services goes
 * through nginx too: portal and freshness fetch the JWKS from it, auth-service asks portal-service about
 * organisations through it, the consoles call the three APIs through it. The instances sign with one RSA key from a
 * file (AUTH_SIGNING_KEY_FILE), as a production deployment would; the consoles share one session key (under the
 * common PORTAL_DATA_DIR), so a session works on either.
 */
public final class Cluster implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@e2e.test";
    public static final String ADMIN_PASSWORD = "E2e-Admin-Password-1";

    public enum Service { AUTH, PORTAL, FRESHNESS, CONSOLE }

    /** One instance of a service, started by its {@link ServiceUnderTest}; its port is kept after it stops. */
    public record Instance(Service service, int index, int port, ServiceUnderTest<?, ?> app) {
        static Instance of(Service service, int index, ServiceUnderTest<?, ?> app) {
            app.start();
            return new Instance(service, index, app.port(), app);
        }

        public String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public String toString() {
            return service.name().toLowerCase() + "#" + index + " (" + address() + ")";
        }
    }

    private final List<Instance> instances;
    private final List<Instance> stopped = new ArrayList<>();
    private final Nginx nginx;
    private final String origin;

    private Cluster(List<Instance> instances, Nginx nginx, String origin) {
        this.instances = instances;
        this.nginx = nginx;
        this.origin = origin;
    }

    public static Cluster start(Path nginxBinary, Path workDir) throws IOException {
        DatabaseConfig database = TestPostgres.newDatabase();
        int nginxPort = freePort();
        String origin = "http://127.0.0.1:" + nginxPort;
        Path keyFile = workDir.resolve("keys").resolve("auth-signing-key.pem");
        RsaKeys.loadOrGenerate(keyFile);
        Map<String, String> common = Map.of("DATABASE_POOL_SIZE", "5", "PORTAL_DATA_DIR", workDir.resolve("data").toString());

        List<Instance> instances = new ArrayList<>();
        Nginx nginx = null;
        try {
            for (int i = 1; i <= 2; i++) {
                AuthUnderTest auth = new AuthUnderTest().withoutDefaults().database(database).clock(Clock.systemUTC())
                        .with(common).with("BCRYPT_COST", "4")
                        .with("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL).with("BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD)
                        .with("AUTH_SIGNING_KEY_FILE", keyFile.toString())
                        // the journey creates a service client with a password-only admin token; step-up is tested in auth-service
                        .with("STEP_UP_REQUIRED", "false")
                        .with("PORTAL_URL", origin); // invite scope checks go through nginx to either portal instance
                instances.add(Instance.of(Service.AUTH, i, auth));
            }
            for (int i = 1; i <= 2; i++) {
                PortalUnderTest portal = new PortalUnderTest().database(database).clock(Clock.systemUTC()).with(common)
                        .verifyingTokensOf(() -> origin);
                instances.add(Instance.of(Service.PORTAL, i, portal));
            }
            for (int i = 1; i <= 2; i++) {
                FreshnessUnderTest freshness = new FreshnessUnderTest().database(database).with(common)
                        .with("PUBLIC_BASE_URL", origin).verifyingTokensOf(() -> origin);
                instances.add(Instance.of(Service.FRESHNESS, i, freshness));
            }
            // the consoles reach the APIs through nginx too, and share their sessions through the database
            for (int i = 1; i <= 2; i++) {
                ConsoleUnderTest console = new ConsoleUnderTest().withoutDefaults().database(database).clock(Clock.systemUTC())
                        .with(common).with("CONSOLE_BASE_URL", origin).backends(() -> origin);
                instances.add(Instance.of(Service.CONSOLE, i, console));
            }
            nginx = Nginx.start(nginxBinary, workDir.resolve("nginx"), nginxPort, new Nginx.Upstreams(
                    ports(instances, Service.AUTH), ports(instances, Service.PORTAL), ports(instances, Service.FRESHNESS),
                    ports(instances, Service.CONSOLE)));
            return new Cluster(instances, nginx, origin);
        } catch (IOException | RuntimeException e) {
            if (nginx != null) {
                nginx.close();
            }
            instances.forEach(Cluster::stopInstance);
            throw e;
        }
    }

    private static List<Integer> ports(List<Instance> instances, Service service) {
        return instances.stream().filter(i -> i.service() == service).map(Instance::port).toList();
    }

    public String origin() {
        return origin;
    }

    public Nginx nginx() {
        return nginx;
    }

    public List<Instance> instances(Service service) {
        return instances.stream().filter(i -> i.service() == service).toList();
    }

    public List<Instance> all() {
        return List.copyOf(instances);
    }

    public Optional<Instance> byAddress(String address) {
        return instances.stream().filter(i -> i.address().equals(address)).findFirst();
    }

    public boolean isStopped(Instance instance) {
        return stopped.contains(instance);
    }

    public List<Instance> running(Service service) {
        return instances(service).stream().filter(i -> !stopped.contains(i)).toList();
    }

    /** Stops one instance the way its shutdown hook does ({@code close()}: HTTP server, then the pool). */
    public void stop(Instance instance) {
        stopInstance(instance);
        stopped.add(instance);
    }

    private static void stopInstance(Instance instance) {
        instance.app().close();
    }

    @Override
    public void close() {
        nginx.close();
        for (Instance instance : instances) {
            if (!stopped.contains(instance)) {
                stopInstance(instance);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The nginx binary for the test, if installed. */
    public static Optional<Path> nginxBinary() {
        return Nginx.locate(Env.system());
    }
}
