package dev.portalsuite.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.dashboard.DashboardController;
import dev.portalsuite.portal.dashboard.DashboardService;
import dev.portalsuite.portal.notification.NotificationController;
import dev.portalsuite.portal.notification.NotificationService;
import dev.portalsuite.portal.org.OrgController;
import dev.portalsuite.portal.org.OrgService;
import dev.portalsuite.portal.product.ProductController;
import dev.portalsuite.portal.product.ProductService;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.sync.SyncController;
import dev.portalsuite.portal.sync.SyncService;
import dev.portalsuite.shared.audit.AuditController;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.db.Database;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.AuthKeys;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.web.AccessLog;
import dev.portalsuite.shared.web.Requests;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.Javalin;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root of portal-service: {@link #create} wires everything; {@code main} and the tests call it. */
public final class PortalApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortalApp.class);
    public static final String OPENAPI = "/dev/portalsuite/portal/openapi.yaml";
    /** Large enough for a batch of 1,000 sync records with long names (about 1 MB), small enough to refuse abuse. */
    public static final long MAX_REQUEST_BYTES = 2L * 1024 * 1024;

    private final PortalConfig config;
    private final Database database;
    private final Javalin server;
    private final OrgService orgs;
    private final ProductService products;
    private final NotificationService notifications;

    private PortalApp(PortalConfig config, Database database, Javalin server, OrgService orgs, ProductService products,
                      NotificationService notifications) {
        this.config = config;
        this.database = database;
        this.server = server;
        this.orgs = orgs;
        this.products = products;
        this.notifications = notifications;
    }

    /** Dependencies from outside the service's own configuration. */
    public record Deps(Clock clock, TokenVerifier verifier) {
        /** What {@code main} uses: the system clock and auth-service's keys as configured ({@link AuthKeys}). */
        public static Deps system(PortalConfig config) {
            Clock clock = Clock.systemUTC();
            return new Deps(clock, config.authKeys().verifier(config.common().jwt(), clock));
        }
    }

    public static PortalApp create(PortalConfig config, Deps deps) {
        Clock clock = deps.clock();
        ObjectMapper mapper = Json.newObjectMapper();
        Metrics metrics = new Metrics("portal-service");
        Database database = Database.open(config.common().database(), "portal", metrics.registry());
        Jdbi jdbi = database.jdbi();
        // scope predicates are constants; their :scopeOrg parameter is bound whether or not the predicate uses it
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);

        OrgRefs refs = new OrgRefs(jdbi);
        Requests requests = new Requests(mapper);
        AuditLog<AuditEntry> audit = new AuditLog<>(jdbi, mapper, clock, AuditEntry.SCHEMA);
        OrgService orgs = new OrgService(jdbi, clock, refs, audit);
        ProductService products = new ProductService(jdbi, clock, refs, audit);
        DashboardService dashboard = new DashboardService(jdbi);
        NotificationService notifications = new NotificationService(jdbi, clock, audit);
        SyncService sync = new SyncService(jdbi, clock, config.syncStaleAfter(), notifications, audit);

        Javalin server = ServiceServer.forService("/api/portal")
                .objectMapper(mapper)
                .metrics(metrics)
                .accessControl(new AccessControl(deps.verifier(), principal -> true))
                .trustedProxies(config.common().trustedProxies())
                .maxRequestBytes(MAX_REQUEST_BYTES)
                .openApi(OPENAPI)
                .readiness("database", database::isReachable)
                .routes(new DashboardController(dashboard, refs)::routes)
                .routes(new OrgController(orgs, refs, requests)::routes)
                .routes(new ProductController(products, refs, requests)::routes)
                .routes(new NotificationController(notifications, requests)::routes)
                .routes(new SyncController(sync, requests)::routes)
                .routes(new AuditController<>("/api/portal/admin/audit", audit)::routes)
                .build();
        return new PortalApp(config, database, server, orgs, products, notifications);
    }

    public PortalApp start() {
        server.start(config.common().host(), config.common().port());
        LOG.info("portal-service listening on port {}", server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return database;
    }

    /** Organisation rules, for in-process callers such as the local suite's demo data. */
    public OrgService orgs() {
        return orgs;
    }

    public ProductService products() {
        return products;
    }

    public NotificationService notifications() {
        return notifications;
    }

    @Override
    public void close() {
        server.stop();
        database.close();
    }

    public static void main(String[] args) {
        PortalConfig config = PortalConfig.fromEnv(Env.system());
        PortalApp app = create(config, Deps.system(config)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            AccessLog.drain();
        }, "portal-shutdown"));
    }
}
