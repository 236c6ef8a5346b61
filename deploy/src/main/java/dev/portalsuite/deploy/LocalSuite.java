package dev.portalsuite.deploy;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthConfig;
import dev.portalsuite.console.ConsoleApp;
import dev.portalsuite.console.ConsoleConfig;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.freshness.FreshnessConfig;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.portal.PortalConfig;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.web.AccessLog;
import dev.portalsuite.sync.LocalSync;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
    private final PortalApp portal;
    private final FreshnessApp freshness;
    private final ConsoleApp console;
    private final String demoPublicPage;
    private final String syncBanner;
    private final LocalSync.Background sync;
    private final Nginx nginx;
    private final LocalMailCatcher mailCatcher;

    private LocalSuite(SuiteConfig config, EmbeddedDatabase embedded, AuthApp auth, PortalApp portal,
                       FreshnessApp freshness, ConsoleApp console, String demoPublicPage, String syncBanner,
                       LocalSync.Background sync, Nginx nginx, LocalMailCatcher mailCatcher) {
        this.config = config;
        this.embedded = embedded;
        this.auth = auth;
        this.portal = portal;
        this.freshness = freshness;
        this.console = console;
        this.demoPublicPage = demoPublicPage;
        this.syncBanner = syncBanner;
        this.sync = sync;
        this.nginx = nginx;
        this.mailCatcher = mailCatcher;
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
        PortalApp portal = null;
        FreshnessApp freshness = null;
        ConsoleApp console = null;
        Nginx nginx = null;
        LocalMailCatcher mailCatcher = null;
        try {
            mailCatcher = LocalMailCatcher.startUnlessConfigured(env, config.mode().isProduction()).orElse(null);
            // auth-service asks portal-service whether an invite's organisation is in the inviter's scope
            Map<String, String> authEnv = new HashMap<>();
            authEnv.put("PORT", Integer.toString(config.authPort()));
            if (mailCatcher != null) {
                authEnv.putAll(mailCatcher.authEnv());
            }
            if (env.optional("CONSOLE_BASE_URL").isEmpty() && !config.mode().isProduction()) {
                authEnv.put("CONSOLE_BASE_URL", "http://localhost:" + config.nginxPort());
            }
            if (env.optional("PORTAL_URL").isEmpty() && config.portalPort() != 0) {
                authEnv.put("PORTAL_URL", "http://127.0.0.1:" + config.portalPort());
            }
            auth = AuthApp.create(AuthConfig.fromEnv(suiteEnv.with(authEnv)), AuthApp.Deps.system()).start();
            if (config.demoData()) {
                DemoData.seed(auth);
            }
            // heimdal-sync's service client from SYNC_CLIENT_ID/SYNC_CLIENT_SECRET (development default secret in development)
            AuthApp provisioning = auth;
            LocalSync.client(suiteEnv).ifPresent(c -> provisioning.serviceClients().ensure(c.clientId(), c.secret(), LocalSync.SCOPES));
            // portal-service verifies tokens through the JWKS of the auth-service above, as it does in production
            PortalConfig portalConfig = PortalConfig.fromEnv(suiteEnv.with(Map.of(
                    "PORT", Integer.toString(config.portalPort()),
                    "AUTH_JWKS_URL", "http://127.0.0.1:" + auth.port() + "/.well-known/jwks.json")));
            portal = PortalApp.create(portalConfig, PortalApp.Deps.system(portalConfig)).start();
            if (config.demoData()) {
                DemoData.seedPortal(portal);
            }
            // freshness-service verifies tokens with the JWKS of the auth-service above; its QR codes point at the
            // one origin nginx serves, or without nginx straight at its own port, unless PUBLIC_BASE_URL says otherwise
            Map<String, String> freshnessEnv = new HashMap<>();
            freshnessEnv.put("PORT", Integer.toString(config.freshnessPort()));
            freshnessEnv.put("AUTH_JWKS_URL", "http://127.0.0.1:" + auth.port() + "/.well-known/jwks.json");
            if (env.optional("PUBLIC_BASE_URL").isEmpty() && !config.mode().isProduction()) {
                freshnessEnv.put("PUBLIC_BASE_URL", "http://localhost:"
                        + (config.nginxBinary().isPresent() ? config.nginxPort() : config.freshnessPort()));
            }
            FreshnessConfig freshnessConfig = FreshnessConfig.fromEnv(suiteEnv.with(freshnessEnv));
            freshness = FreshnessApp.create(freshnessConfig, FreshnessApp.Deps.system(freshnessConfig)).start();
            // the console calls the three APIs on loopback; it is the page at NGINX_PORT, behind nginx or on it itself
            Map<String, String> consoleEnv = new HashMap<>();
            consoleEnv.put("CONSOLE_PORT", Integer.toString(config.nginxBinary().isPresent() ? config.consolePort() : config.nginxPort()));
            consoleEnv.put("AUTH_URL", "http://127.0.0.1:" + auth.port());
            consoleEnv.put("PORTAL_URL", "http://127.0.0.1:" + portal.port());
            consoleEnv.put("FRESHNESS_URL", "http://127.0.0.1:" + freshness.port());
            if (env.optional("CONSOLE_BASE_URL").isEmpty() && !config.mode().isProduction()) {
                consoleEnv.put("CONSOLE_BASE_URL", "http://localhost:" + config.nginxPort());
            }
            ConsoleConfig consoleConfig = ConsoleConfig.fromEnv(suiteEnv.with(consoleEnv));
            try {
                ConsoleApp.Deps consoleDeps = ConsoleApp.Deps.system(consoleConfig);
                // the console's /dev/mailbox shows what the mail catcher caught (development only)
                console = ConsoleApp.create(consoleConfig, mailCatcher == null ? consoleDeps : consoleDeps.withMailbox(mailCatcher))
                        .start();
            } catch (RuntimeException e) {
                throw new IllegalStateException("the web console could not listen on port " + consoleConfig.common().port()
                        + " (" + e.getMessage() + "). Set " + (config.nginxBinary().isPresent() ? "CONSOLE_PORT" : "NGINX_PORT")
                        + " to a free port.", e);
            }
            if (config.nginxBinary().isPresent()) {
                try {
                    nginx = Nginx.start(config.nginxBinary().get(), config.dataDir().resolve("nginx"), config.nginxPort(),
                            Nginx.Upstreams.single(auth.port(), portal.port(), freshness.port(), console.port()));
                } catch (IOException e) {
                    throw new IllegalStateException(e.getMessage() + "\nSet NGINX_PORT to a free port, or NGINX_BIN=off to "
                            + "run without nginx.", e);
                }
            }
            String demoPublicPage = config.demoData() ? DemoData.seedFreshness(freshness) : null;
            // with HEIMDAL_BASE_URL set, the sync runs once in the background into SYNC_MSSP_ORG_ID (default: the demo MSSP)
            UUID syncMssp = config.demoData() ? DemoData.DEMO_MSSP_ORG_ID : null;
            String syncBanner = LocalSync.banner(suiteEnv, auth.port(), portal.port(), syncMssp);
            LocalSync.Background sync = LocalSync.runOnceIfConfigured(suiteEnv, auth.port(), portal.port(), syncMssp).orElse(null);
            return new LocalSuite(config, embedded, auth, portal, freshness, console, demoPublicPage, syncBanner, sync, nginx,
                    mailCatcher);
        } catch (RuntimeException | Error e) {
            // stop what already runs, or its threads would keep a half-started suite alive
            if (nginx != null) {
                nginx.close();
            }
            if (console != null) {
                console.close();
            }
            if (freshness != null) {
                freshness.close();
            }
            if (portal != null) {
                portal.close();
            }
            if (auth != null) {
                auth.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            if (mailCatcher != null) {
                mailCatcher.close();
            }
            throw e;
        }
    }

    /** The local mail catcher, when the suite runs one (no SMTP_HOST). */
    Optional<LocalMailCatcher> mailCatcher() {
        return Optional.ofNullable(mailCatcher);
    }

    public int authPort() {
        return auth.port();
    }

    public int portalPort() {
        return portal.port();
    }

    public int freshnessPort() {
        return freshness.port();
    }

    public int consolePort() {
        return console.port();
    }

    /** Where people open the suite: nginx's origin, or the console itself on NGINX_PORT without nginx. */
    public String consoleUrl() {
        return origin().orElse("http://localhost:" + console.port());
    }

    /** The nginx origin when nginx runs in front of the suite. */
    public Optional<String> origin() {
        return Optional.ofNullable(nginx).map(n -> "http://localhost:" + n.port());
    }

    String banner() {
        StringBuilder text = new StringBuilder("\nPortal Suite is running\n");
        text.append("\n  Open ").append(consoleUrl()).append("  (the web console: sign in with a demo account below)\n\n");
        if (nginx != null) {
            text.append("  one origin     ").append(origin().orElseThrow())
                    .append("  (nginx: pages at /, /api/auth, /api/portal, /api/freshness, /b/{code}, /.well-known/jwks.json)\n");
            text.append("                 nginx logs and configuration in ").append(nginx.prefix())
                    .append("; each service also answers on its own port:\n");
        } else if (!config.nginxSwitchedOff()) {
            text.append("  nginx is not installed, so each service answers on its own port. For one origin on NGINX_PORT ")
                    .append(config.nginxPort()).append(",\n  install nginx (Debian/Ubuntu: sudo apt-get install nginx; ")
                    .append("macOS: brew install nginx) and start the suite again.\n");
        }
        text.append("  auth-service   http://localhost:").append(authPort()).append("/api/auth  (docs: /api/auth/docs)\n");
        text.append("  JWKS           http://localhost:").append(authPort()).append("/.well-known/jwks.json\n");
        text.append("  portal         http://localhost:").append(portalPort())
                .append("/api/portal  (docs: /api/portal/docs; dashboard: /api/portal/dashboard)\n");
        text.append("  freshness      http://localhost:").append(freshnessPort())
                .append("/api/freshness  (docs: /api/freshness/docs; public pages: /b/{code})\n");
        text.append("  QR codes point at ").append(freshness.config().publicBaseUrl()).append("/b/{code}\n");
        if (demoPublicPage != null) {
            text.append("  example public page  ").append(demoPublicPage).append('\n');
        }
        text.append(syncBanner);
        if (mailCatcher != null) {
            text.append(mailCatcher.banner());
            text.append("                 or open ").append(consoleUrl()).append("/dev/mailbox (the caught mails, links clickable)\n");
        }
        text.append("  database       ").append(embedded == null
                ? "DATABASE_URL" : "embedded PostgreSQL on port " + embedded.port() + ", data in " + config.dataDir()).append('\n');
        if (config.demoData()) {
            text.append("  demo accounts:\n");
            DemoData.ACCOUNTS.forEach(a -> text.append("    ").append(a.email()).append(" / ").append(a.password())
                    .append("  (").append(a.role()).append(")\n"));
            DemoData.ORG_ACCOUNTS.forEach(a -> text.append("    ").append(a.email()).append(" / ").append(a.password())
                    .append("  (").append(a.role()).append(", ").append(a.orgType()).append(" organisation ")
                    .append(a.orgId()).append(")\n"));
        }
        text.append("Stop with Ctrl+C.\n");
        return text.toString();
    }

    @Override
    public void close() {
        if (nginx != null) {
            nginx.close();
        }
        if (sync != null) {
            sync.close();
        }
        console.close();
        freshness.close();
        portal.close();
        auth.close();
        if (mailCatcher != null) {
            mailCatcher.close();
        }
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
            AccessLog.drain();
            stopped.countDown();
        }, "suite-shutdown"));
        stopped.await();
    }
}
