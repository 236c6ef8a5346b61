package dev.portalsuite.deploy;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthConfig;
import dev.portalsuite.shared.config.Env;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar deploy/target/portal-suite.jar}: the whole suite on one machine. Starts an embedded
 * PostgreSQL with a persistent data directory (or uses {@code DATABASE_URL}), every service, seeds the
 * demo accounts in development, and stops everything cleanly on Ctrl+C / SIGTERM.
 */
public final class LocalSuite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSuite.class);

    private final SuiteConfig config;
    private final EmbeddedDatabase embedded;
    private final AuthApp auth;

    private LocalSuite(SuiteConfig config, EmbeddedDatabase embedded, AuthApp auth) {
        this.config = config;
        this.embedded = embedded;
        this.auth = auth;
    }

    public static LocalSuite start(Env env) throws IOException {
        SuiteConfig config = SuiteConfig.fromEnv(env);
        EmbeddedDatabase embedded = null;
        Map<String, String> shared = new HashMap<>();
        shared.put("PORTAL_DATA_DIR", config.dataDir().toString());
        if (config.databaseUrl().isEmpty()) {
            embedded = EmbeddedDatabase.start(config.dataDir(), config.embeddedDatabasePort());
            shared.put("DATABASE_URL", embedded.jdbcUrl());
            shared.put("DATABASE_USER", "postgres");
            shared.put("DATABASE_PASSWORD", "postgres");
        }
        if (config.demoData() && env.optional("BOOTSTRAP_ADMIN_EMAIL").isEmpty()) {
            shared.put("BOOTSTRAP_ADMIN_EMAIL", DemoData.ADMIN_EMAIL);
            shared.put("BOOTSTRAP_ADMIN_PASSWORD", DemoData.ADMIN_PASSWORD);
        }
        Env suiteEnv = env.with(shared);
        AuthApp auth = null;
        try {
            auth = AuthApp.create(AuthConfig.fromEnv(suiteEnv.with(Map.of("PORT", Integer.toString(config.authPort())))),
                    AuthApp.Deps.system()).start();
            if (config.demoData()) {
                DemoData.seed(auth);
            }
            return new LocalSuite(config, embedded, auth);
        } catch (RuntimeException e) {
            if (auth != null) {
                auth.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    public int authPort() {
        return auth.port();
    }

    String banner() {
        StringBuilder text = new StringBuilder("\nPortal Suite is running\n");
        text.append("  auth-service   http://localhost:").append(authPort()).append("/api/auth  (docs: /api/auth/docs)\n");
        text.append("  JWKS           http://localhost:").append(authPort()).append("/.well-known/jwks.json\n");
        text.append("  database       ").append(embedded == null
                ? "DATABASE_URL" : "embedded PostgreSQL on port " + embedded.port() + ", data in " + config.dataDir()).append('\n');
        if (config.demoData()) {
            text.append("  demo accounts:\n");
            DemoData.ACCOUNTS.forEach(a -> text.append("    ").append(a.email()).append(" / ").append(a.password())
                    .append("  (").append(a.role()).append(")\n"));
        }
        text.append("Stop with Ctrl+C.\n");
        return text.toString();
    }

    @Override
    public void close() {
        auth.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
            }
        }
    }

    public static void main(String[] args) throws Exception {
        LocalSuite suite = start(Env.system());
        System.out.println(suite.banner());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Portal Suite...");
            suite.close();
            stopped.countDown();
        }, "suite-shutdown"));
        stopped.await();
    }
}
