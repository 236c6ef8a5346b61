package dev.portalsuite.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.account.AccountController;
import dev.portalsuite.console.audit.AuditController;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.client.ServiceClientController;
import dev.portalsuite.console.invite.InviteController;
import dev.portalsuite.console.policy.PolicyController;
import dev.portalsuite.console.product.ProductController;
import dev.portalsuite.console.syncrun.SyncRunController;
import dev.portalsuite.console.user.UserController;
import dev.portalsuite.console.batch.BatchController;
import dev.portalsuite.console.notification.NotificationController;
import dev.portalsuite.console.oidc.OidcController;
import dev.portalsuite.console.org.OrgController;
import dev.portalsuite.console.dashboard.DashboardController;
import dev.portalsuite.console.login.LoginController;
import dev.portalsuite.console.login.PendingSignIn;
import dev.portalsuite.console.login.SecondStepController;
import dev.portalsuite.console.mailbox.Mailbox;
import dev.portalsuite.console.mailbox.MailboxController;
import dev.portalsuite.console.password.MailLinksController;
import dev.portalsuite.console.security.SecurityController;
import dev.portalsuite.console.stepup.StepUpController;
import dev.portalsuite.console.session.SessionKey;
import dev.portalsuite.console.session.Sessions;
import dev.portalsuite.console.session.TokenCipher;
import dev.portalsuite.console.web.Csrf;
import dev.portalsuite.console.web.ErrorPages;
import dev.portalsuite.console.web.JteRenderer;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.SecurityHeaders;
import dev.portalsuite.console.web.SessionCookie;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.web.AccessLog;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of web-console, the suite's server-rendered face and backend-for-frontend: {@link #create}
 * wires everything; {@code main} and the tests call it. The browser holds one opaque session cookie; the user's
 * tokens stay in the console's database and go only to the three services' APIs.
 */
public final class ConsoleApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleApp.class);

    private final ConsoleConfig config;
    private final Database database;
    private final Javalin server;
    private final Sessions sessions;
    private final ScheduledExecutorService housekeeping;

    private ConsoleApp(ConsoleConfig config, Database database, Javalin server, Sessions sessions,
                       ScheduledExecutorService housekeeping) {
        this.config = config;
        this.database = database;
        this.server = server;
        this.sessions = sessions;
        this.housekeeping = housekeeping;
    }

    /**
     * Dependencies from outside the console's own configuration.
     *
     * @param clock what "now" is (session expiry, token refresh)
     * @param http the one HTTP client for all backend calls
     * @param mailbox the local suite's caught mails for {@code /dev/mailbox} (development only); empty elsewhere
     */
    public record Deps(Clock clock, OkHttpClient http, Optional<Mailbox> mailbox) {
        public Deps(Clock clock, OkHttpClient http) {
            this(clock, http, Optional.empty());
        }

        public static Deps system(ConsoleConfig config) {
            return new Deps(Clock.systemUTC(), httpClient(config.backendTimeout()));
        }

        /** The same dependencies with the local suite's mailbox. */
        public Deps withMailbox(Mailbox mailbox) {
            return new Deps(clock, http, Optional.of(mailbox));
        }

        public static OkHttpClient httpClient(Duration timeout) {
            return new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .callTimeout(timeout)
                    .readTimeout(timeout)
                    .followRedirects(false)
                    // the services close idle keep-alive connections after a while; drop ours first
                    .connectionPool(new ConnectionPool(32, 20, TimeUnit.SECONDS))
                    .retryOnConnectionFailure(true)
                    .build();
        }
    }

    public static ConsoleApp create(ConsoleConfig config, Deps deps) {
        ObjectMapper mapper = Json.newObjectMapper();
        Metrics metrics = new Metrics("web-console");
        byte[] key = SessionKey.load(config.sessionKeyFile(), config.generateSessionKey());
        Database database = Database.open(config.common().database(), "console", metrics.registry());

        Backend backend = new Backend(deps.http(), mapper, config.authUrl(), config.portalUrl(), config.freshnessUrl());
        TokenCipher cipher = new TokenCipher(key);
        Sessions sessions = new Sessions(database.jdbi(), cipher, mapper, deps.clock(),
                config.refreshAhead(), config.idleTimeout(), config.maxLifetime());
        SessionCookie cookies = new SessionCookie(config.secureCookie());
        Csrf csrf = new Csrf(key, config.baseUrl(), cookies);
        Pages pages = new Pages(sessions, backend, cookies, csrf);
        SecurityHeaders headers = new SecurityHeaders(config.secureCookie());
        ErrorPages errors = new ErrorPages(pages);
        PendingSignIn pendingSignIn = new PendingSignIn(cipher, mapper, deps.clock(), config.secureCookie());
        LoginController login = new LoginController(pages, deps.clock(), config.oidc(), pendingSignIn);

        // the console has no API of its own: no route roles, so no token is ever verified here
        AccessControl noApi = new AccessControl(TokenVerifier.withKeys(Map.of(), config.common().jwt(), deps.clock()), p -> false);
        Javalin server = ServiceServer.forService("")
                .objectMapper(mapper)
                .metrics(metrics)
                .accessControl(noApi)
                .trustedProxies(config.common().trustedProxies())
                .readiness("database", database::isReachable)
                .routes(routes -> {
                    routes.before(headers::apply);
                    routes.before(pages::beforeRequest);
                })
                .routes(login::routes)
                .routes(new SecondStepController(pages, login, pendingSignIn, mapper, deps.clock())::routes)
                .routes(new StepUpController(pages, mapper, deps.clock())::routes)
                .routes(new OidcController(pages, config.oidc(), cipher, deps.http(), mapper, config.baseUrl(),
                        config.secureCookie(), deps.clock(), pendingSignIn)::routes)
                .routes(new DashboardController(pages, login)::routes)
                .routes(new OrgController(pages)::routes)
                .routes(new NotificationController(pages)::routes)
                .routes(new AccountController(pages)::routes)
                .routes(new SecurityController(pages, mapper)::routes)
                .routes(new MailLinksController(pages)::routes)
                .routes(new MailboxController(pages, deps.mailbox(), config.common().mode().isProduction())::routes)
                .routes(new BatchController(pages)::routes)
                .routes(new InviteController(pages, config.baseUrl())::routes)
                .routes(new UserController(pages)::routes)
                .routes(new ServiceClientController(pages)::routes)
                .routes(new AuditController(pages)::routes)
                .routes(new SyncRunController(pages)::routes)
                .routes(new ProductController(pages)::routes)
                .routes(new PolicyController(pages)::routes)
                .javalin(javalin -> {
                    javalin.fileRenderer(new JteRenderer());
                    javalin.staticFiles.enableWebjars();
                    javalin.staticFiles.add(files -> {
                        files.hostedPath = "/assets";
                        files.directory = "/dev/portalsuite/console/assets";
                        files.location = Location.CLASSPATH;
                        files.headers = Map.of("Cache-Control", "public, max-age=3600");
                    });
                    errors.routes(javalin.routes);
                })
                .build();

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "console-session-purge");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                sessions.purgeExpired();
            } catch (RuntimeException e) {
                LOG.warn("expired sessions could not be purged: {}", e.toString());
            }
        }, 1, 60, TimeUnit.MINUTES);
        return new ConsoleApp(config, database, server, sessions, housekeeping);
    }

    public ConsoleApp start() {
        server.start(config.common().host(), config.common().port());
        LOG.info("web-console listening on port {}", server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return database;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ConsoleConfig config() {
        return config;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        server.stop();
        database.close();
    }

    public static void main(String[] args) {
        ConsoleConfig config = ConsoleConfig.fromEnv(Env.system());
        ConsoleApp app = create(config, Deps.system(config)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            AccessLog.drain();
        }, "console-shutdown"));
    }
}
