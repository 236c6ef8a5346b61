package dev.portalsuite.deploy.e2e;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthConfig;
import dev.portalsuite.deploy.Nginx;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.freshness.FreshnessConfig;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.portal.PortalConfig;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.testing.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two instances each of auth-service, portal-service and freshness-service, built by their composition roots as
 * {@code main} builds them, on ONE fresh PostgreSQL database, behind a real nginx started by the launcher's own
 * code ({@link Nginx#start}) with the local template and two servers per upstream. Everything between the
 * services goes through nginx too: portal and freshness fetch the JWKS from it, auth-service asks portal-service
 * about organisations through it. The instances sign with one RSA key from a file (AUTH_SIGNING_KEY_FILE), as a
 * production deployment would.
 */
public final class Cluster implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@e2e.test";
    public static final String ADMIN_PASSWORD = "E2e-Admin-Password-1";

    public enum Service { AUTH, PORTAL, FRESHNESS }

    /** One running instance of a service. */
    public record Instance(Service service, int index, int port, AutoCloseable app) {
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

        Map<String, String> common = new HashMap<>();
        common.put("DATABASE_URL", database.jdbcUrl());
        common.put("DATABASE_USER", database.user());
        common.put("DATABASE_PASSWORD", database.password());
        common.put("DATABASE_POOL_SIZE", "5");
        common.put("HOST", "127.0.0.1");
        common.put("PORT", "0");
        common.put("PORTAL_DATA_DIR", workDir.resolve("data").toString());
        Map<String, String> authEnv = new HashMap<>(common);
        authEnv.put("BCRYPT_COST", "4");
        authEnv.put("BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        authEnv.put("BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        authEnv.put("AUTH_SIGNING_KEY_FILE", keyFile.toString());
        // the journey creates a service client with a password-only admin token; step-up has its own tests in auth-service
        authEnv.put("STEP_UP_REQUIRED", "false");
        authEnv.put("PORTAL_URL", origin); // invite scope checks go through nginx to either portal instance
        Map<String, String> verifyingEnv = new HashMap<>(common);
        verifyingEnv.put("AUTH_JWKS_URL", origin + "/.well-known/jwks.json");
        Map<String, String> freshnessEnv = new HashMap<>(verifyingEnv);
        freshnessEnv.put("PUBLIC_BASE_URL", origin);

        List<Instance> instances = new ArrayList<>();
        Nginx nginx = null;
        try {
            for (int i = 1; i <= 2; i++) {
                AuthApp auth = AuthApp.create(AuthConfig.fromEnv(new Env(authEnv)), AuthApp.Deps.system()).start();
                instances.add(new Instance(Service.AUTH, i, auth.port(), auth));
            }
            for (int i = 1; i <= 2; i++) {
                PortalConfig config = PortalConfig.fromEnv(new Env(verifyingEnv));
                PortalApp portal = PortalApp.create(config, PortalApp.Deps.system(config)).start();
                instances.add(new Instance(Service.PORTAL, i, portal.port(), portal));
            }
            for (int i = 1; i <= 2; i++) {
                FreshnessConfig config = FreshnessConfig.fromEnv(new Env(freshnessEnv));
                FreshnessApp freshness = FreshnessApp.create(config, FreshnessApp.Deps.system(config)).start();
                instances.add(new Instance(Service.FRESHNESS, i, freshness.port(), freshness));
            }
            nginx = Nginx.start(nginxBinary, workDir.resolve("nginx"), nginxPort, new Nginx.Upstreams(
                    ports(instances, Service.AUTH), ports(instances, Service.PORTAL), ports(instances, Service.FRESHNESS)));
            return new Cluster(instances, nginx, origin);
        } catch (IOException | RuntimeException e) {
            if (nginx != null) {
                nginx.close();
            }
            instances.forEach(Cluster::closeQuietly);
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
        closeQuietly(instance);
        stopped.add(instance);
    }

    private static void closeQuietly(Instance instance) {
        try {
            instance.app().close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop " + instance, e);
        }
    }

    @Override
    public void close() {
        nginx.close();
        for (Instance instance : instances) {
            if (!stopped.contains(instance)) {
                closeQuietly(instance);
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
