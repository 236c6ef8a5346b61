package dev.portalsuite.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.account.AccountController;
import dev.portalsuite.auth.account.AccountProvisioning;
import dev.portalsuite.auth.account.AccountService;
import dev.portalsuite.auth.account.BootstrapAdmin;
import dev.portalsuite.auth.account.PasswordHasher;
import dev.portalsuite.auth.account.PasswordPolicy;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.admin.AdminUserController;
import dev.portalsuite.auth.admin.AdminUserService;
import dev.portalsuite.auth.alert.KnownDevices;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.client.ServiceClientController;
import dev.portalsuite.auth.client.ServiceClientService;
import dev.portalsuite.auth.invite.InviteController;
import dev.portalsuite.auth.invite.InviteService;
import dev.portalsuite.auth.invite.Invites;
import dev.portalsuite.auth.invite.OrgDirectory;
import dev.portalsuite.auth.invite.PortalOrgDirectory;
import dev.portalsuite.auth.keys.JwksController;
import dev.portalsuite.auth.keys.KeyRing;
import dev.portalsuite.auth.login.LockoutPolicy;
import dev.portalsuite.auth.login.LoginController;
import dev.portalsuite.auth.login.LoginService;
import dev.portalsuite.auth.mail.MailTemplates;
import dev.portalsuite.auth.mail.Outbox;
import dev.portalsuite.auth.mail.OutboxRelay;
import dev.portalsuite.auth.mail.SmtpMailTransport;
import dev.portalsuite.auth.mfa.MfaAttempts;
import dev.portalsuite.auth.mfa.MfaController;
import dev.portalsuite.auth.mfa.MfaPolicy;
import dev.portalsuite.auth.mfa.MfaSettings;
import dev.portalsuite.auth.mfa.MfaSignIn;
import dev.portalsuite.auth.mfa.SecondFactorCheck;
import dev.portalsuite.auth.mfa.SecretBox;
import dev.portalsuite.auth.mfa.passkey.PasskeyController;
import dev.portalsuite.auth.mfa.passkey.PasskeyService;
import dev.portalsuite.auth.mfa.passkey.Passkeys;
import dev.portalsuite.auth.mfa.recovery.RecoveryCodes;
import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.auth.mfa.stepup.StepUpService;
import dev.portalsuite.auth.mfa.totp.Totp;
import dev.portalsuite.auth.oidc.OidcController;
import dev.portalsuite.auth.oidc.OidcService;
import dev.portalsuite.auth.password.PasswordResetController;
import dev.portalsuite.auth.password.PasswordResetService;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.session.SessionController;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.verification.EmailVerificationController;
import dev.portalsuite.auth.verification.EmailVerificationService;
import dev.portalsuite.shared.audit.AuditController;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.TokenIssuer;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.web.AccessLog;
import dev.portalsuite.shared.web.Requests;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.Javalin;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root of auth-service: {@link #create} wires everything; {@code main} and the tests call it. */
public final class AuthApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthApp.class);
    public static final String OPENAPI = "/dev/portalsuite/auth/openapi.yaml";
    private static final Duration SENT_MAIL_KEPT = Duration.ofDays(30);

    private final AuthConfig config;
    private final Database database;
    private final Javalin server;
    private final ScheduledExecutorService maintenance;
    private final AccountProvisioning provisioning;
    private final ServiceClientService clients;
    private final Outbox outbox;
    private final Optional<OutboxRelay> mailRelay;
    private final List<AutoCloseable> workers;

    private AuthApp(AuthConfig config, Database database, Javalin server, ScheduledExecutorService maintenance,
                    AccountProvisioning provisioning, ServiceClientService clients, Outbox outbox,
                    Optional<OutboxRelay> mailRelay, List<AutoCloseable> workers) {
        this.config = config;
        this.database = database;
        this.server = server;
        this.maintenance = maintenance;
        this.provisioning = provisioning;
        this.clients = clients;
        this.outbox = outbox;
        this.mailRelay = mailRelay;
        this.workers = workers;
    }

    /**
     * Dependencies from outside the service's own configuration.
     *
     * @param http the process's one HTTP client (auth-service asks portal-service about organisations with it)
     */
    public record Deps(Clock clock, OkHttpClient http) {
        public static Deps system() {
            return withClock(Clock.systemUTC());
        }

        public static Deps withClock(Clock clock) {
            return new Deps(clock, newHttpClient());
        }

        /**
         * Short timeouts: a slow portal-service must turn into a quick 503, not a hanging request. Pooled
         * connections are dropped after 20 s idle, before the services' own 30 s idle timeout closes them, and a
         * lookup that still meets a connection closed meanwhile is retried on a fresh one (lookups are GETs).
         */
        public static OkHttpClient newHttpClient() {
            return new OkHttpClient.Builder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .readTimeout(Duration.ofSeconds(3))
                    .writeTimeout(Duration.ofSeconds(3))
                    .callTimeout(Duration.ofSeconds(5))
                    .followRedirects(false)
                    .connectionPool(new ConnectionPool(5, 20, TimeUnit.SECONDS))
                    .retryOnConnectionFailure(true)
                    .build();
        }
    }

    public static AuthApp create(AuthConfig config, Deps deps) {
        Clock clock = deps.clock();
        ObjectMapper mapper = Json.newObjectMapper();
        Metrics metrics = new Metrics("auth-service");
        KeyRing keys = KeyRing.load(config.signingKeyFile(), config.dataDir(), config.previousKeyFiles());
        Database database = Database.open(config.common().database(), "auth", metrics.registry());
        var jdbi = database.jdbi();

        TokenIssuer issuer = new TokenIssuer(keys.signingKey(), config.common().jwt(), clock);
        TokenVerifier verifier = TokenVerifier.withKeys(keys.publishedKeys(), config.common().jwt(), clock);
        AuditLog<AuditEntry> audit = new AuditLog<>(jdbi, mapper, clock, AuditEntry.SCHEMA);
        Users users = new Users(jdbi);
        Outbox outbox = new Outbox(jdbi, clock, metrics.registry());
        MailTemplates mailTemplates = new MailTemplates(config.mail());
        SecurityAlerts alerts = new SecurityAlerts(outbox, mailTemplates, clock);
        PasswordPolicy policy = PasswordPolicy.withBundledList();
        PasswordHasher hasher = new PasswordHasher(config.bcryptCost(), config.maxConcurrentHashes(), config.hashQueueWait(),
                metrics.registry());
        KnownDevices devices = new KnownDevices(jdbi, clock, alerts, audit);
        RateLimiter rateLimiter = new RateLimiter(jdbi, clock, config.rateLimitRequests(), config.rateLimitWindow());
        RateLimiter mailsPerAddress = new RateLimiter(jdbi, clock, config.emailFlows().mailsPerAddress(), config.rateLimitWindow());
        LockoutPolicy lockout = new LockoutPolicy(jdbi, clock, config.lockoutMaxFailures(), config.lockoutDuration());
        MfaPolicy mfaPolicy = new MfaPolicy(config.mfa().requiredRoles());
        SessionService sessions = new SessionService(jdbi, clock, issuer, audit, users, config.accessTokenTtl(),
                config.refreshIdleTtl(), config.sessionMaxTtl(), devices, mfaPolicy::requiresFactor);
        Totp totp = new Totp(clock, SecretBox.load(config.mfa().keyFile(), config.dataDir()));
        RecoveryCodes recoveryCodes = new RecoveryCodes(clock);
        MfaAttempts mfaAttempts = new MfaAttempts(jdbi, clock, config.mfa().maxFailures(), config.mfa().lockDuration());
        SecondFactorCheck secondFactors = new SecondFactorCheck(jdbi, totp, recoveryCodes, mfaAttempts, audit,
                alerts);
        MfaSignIn mfaSignIn = new MfaSignIn(jdbi, clock, users, sessions, secondFactors, audit);
        MfaSettings mfaSettings = new MfaSettings(jdbi, clock, users, totp, recoveryCodes, sessions, audit,
                alerts);
        StepUp stepUp = new StepUp(clock, config.mfa().stepUpMaxAge(), config.mfa().stepUpRequired());
        StepUpService stepUps = new StepUpService(jdbi, clock, users, sessions, audit);
        Passkeys passkeyCeremonies = new Passkeys(jdbi, clock, config.mfa().rpId(), config.mfa().origins());
        Invites invites = new Invites(jdbi, clock, audit);
        EmailVerificationService verification = new EmailVerificationService(jdbi, clock, users, audit, outbox, mailTemplates,
                mailsPerAddress, config.emailFlows().emailVerifyTtl(), config.emailFlows().requireVerifiedEmail());
        AccountService accounts = new AccountService(jdbi, clock, users, policy, hasher, lockout, sessions, rateLimiter, audit, mapper,
                invites, alerts, verification);
        OrgDirectory orgs = new PortalOrgDirectory(deps.http(), mapper, config.portalUrl());
        InviteService inviteService = new InviteService(jdbi, clock, users, orgs, audit, config.inviteTtl(), outbox,
                mailTemplates);
        OidcService oidc = new OidcService(jdbi, clock, users, invites, sessions, rateLimiter, audit,
                List.of(config.google(), config.azure()), verification, mfaSignIn);
        LoginService logins = new LoginService(jdbi, clock, users, hasher, lockout, rateLimiter, sessions, audit, verification,
                alerts, mfaSignIn);
        AdminUserService admin = new AdminUserService(jdbi, clock, users, orgs, sessions, lockout, audit);
        PasskeyService passkeys = new PasskeyService(jdbi, clock, users, passkeyCeremonies, mfaSignIn, mfaSettings, secondFactors,
                sessions, rateLimiter, audit, alerts);
        ServiceClientService clients = new ServiceClientService(jdbi, clock, issuer, rateLimiter, audit, config.accessTokenTtl());
        Requests requests = new Requests(mapper);
        PasswordResetService passwordResets = new PasswordResetService(jdbi, clock, users, policy, hasher, sessions, rateLimiter,
                mailsPerAddress, audit, outbox, mailTemplates, alerts, config.emailFlows().passwordResetTtl());

        Javalin server = ServiceServer.forService("/api/auth")
                .objectMapper(mapper)
                .metrics(metrics)
                .accessControl(AccessControl.withSessionLookup(verifier, sessions::signedIn))
                .trustedProxies(config.common().trustedProxies())
                .openApi(OPENAPI)
                .readiness("database", database::isReachable)
                .routes(new JwksController(keys)::routes)
                .routes(new LoginController(logins, requests)::routes)
                .routes(new AccountController(accounts, requests)::routes)
                .routes(new SessionController(sessions, requests)::routes)
                .routes(new AdminUserController(admin, requests, stepUp)::routes)
                .routes(new AuditController<>("/api/auth/admin/audit", audit)::routes)
                .routes(new ServiceClientController(clients, requests, stepUp)::routes)
                .routes(new InviteController(inviteService, requests)::routes)
                .routes(new OidcController(oidc, requests)::routes)
                .routes(new PasswordResetController(passwordResets, requests)::routes)
                .routes(new EmailVerificationController(verification, requests)::routes)
                .routes(new MfaController(mfaSignIn, mfaSettings, secondFactors, stepUp, stepUps, passkeys, requests)::routes)
                .routes(new PasskeyController(passkeys, stepUp, requests)::routes)
                .build();

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "auth-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        maintenance.scheduleWithFixedDelay(() -> {
            try {
                rateLimiter.purgeExpired();
                outbox.purgeSentBefore(clock.instant().minus(SENT_MAIL_KEPT));
                passwordResets.purgeExpired();
                verification.purgeExpired();
                devices.forgetOld();
                lockout.purgeExpired();
                sessions.purgeEnded();
                mfaAttempts.purgeExpired();
                mfaSignIn.purgeExpired();
                passkeyCeremonies.purgeExpired();
            } catch (RuntimeException e) {
                LOG.warn("maintenance failed: {}", e.toString());
            }
        }, 1, 10, TimeUnit.MINUTES);

        BootstrapAdmin bootstrapAdmin = new BootstrapAdmin(jdbi, clock, policy, hasher, audit);
        if (config.bootstrapAdminEmail().isPresent()) {
            bootstrapAdmin.ensure(config.bootstrapAdminEmail().get(), config.bootstrapAdminPassword().orElseThrow());
        }
        AccountProvisioning provisioning = new AccountProvisioning(jdbi, clock, policy, hasher, audit);
        // without SMTP (development only) mails wait in the outbox, where the local suite's catcher or a later relay finds them
        Optional<OutboxRelay> mailRelay = config.mail().smtp().map(smtp -> new OutboxRelay(jdbi, clock,
                new SmtpMailTransport(smtp, config.mail().from(), clock), config.mail(), metrics.registry()));
        mailRelay.ifPresent(relay -> outbox.onQueued(relay::wake));
        return new AuthApp(config, database, server, maintenance, provisioning, clients, outbox, mailRelay,
                List.of(passwordResets));
    }

    public AuthApp start() {
        server.start(config.common().host(), config.common().port());
        mailRelay.ifPresent(OutboxRelay::start);
        if (mailRelay.isEmpty()) {
            LOG.warn("SMTP_HOST is not set: mails are queued in the outbox but not sent");
        }
        LOG.info("auth-service listening on port {}", server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return database;
    }

    public ServiceClientService serviceClients() {
        return clients;
    }

    /** In-process account creation for seed data and configuration (the local suite's demo users). */
    public AccountProvisioning provisioning() {
        return provisioning;
    }

    /** The mail outbox (tests and the local suite read and fill it in-process). */
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public void close() {
        server.stop();
        maintenance.shutdownNow();
        for (AutoCloseable worker : workers) {
            try {
                worker.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", worker.getClass().getSimpleName(), e.toString());
            }
        }
        mailRelay.ifPresent(OutboxRelay::close);
        database.close();
    }

    public static void main(String[] args) {
        AuthApp app = create(AuthConfig.fromEnv(Env.system()), Deps.system()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            AccessLog.drain();
        }, "auth-shutdown"));
    }
}
