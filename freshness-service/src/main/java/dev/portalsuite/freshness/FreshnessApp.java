package dev.portalsuite.freshness;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.freshness.audit.AuditEntry;
import dev.portalsuite.freshness.batch.BatchController;
import dev.portalsuite.freshness.batch.BatchService;
import dev.portalsuite.freshness.batch.PublicCodes;
import dev.portalsuite.freshness.batch.PublicUrls;
import dev.portalsuite.freshness.policy.PolicyController;
import dev.portalsuite.freshness.policy.PolicyService;
import dev.portalsuite.freshness.publicpage.PublicPageController;
import dev.portalsuite.freshness.publicpage.PublicPages;
import dev.portalsuite.freshness.qr.QrCodes;
import dev.portalsuite.freshness.qr.QrController;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root of freshness-service: {@link #create} wires everything; {@code main} and the tests call it. */
public final class FreshnessApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessApp.class);
    public static final String OPENAPI = "/dev/portalsuite/freshness/openapi.yaml";

    private final FreshnessConfig config;
    private final Database database;
    private final Javalin server;
    private final BatchService batches;

    private FreshnessApp(FreshnessConfig config, Database database, Javalin server, BatchService batches) {
        this.config = config;
        this.database = database;
        this.server = server;
        this.batches = batches;
    }

    /**
     * Dependencies from outside the service's own configuration.
     *
     * @param clock what "now" is; today's date (for days on shelf) is taken from it in {@code FRESHNESS_ZONE}
     * @param verifier checks access tokens (auth-service's JWKS in production, fixed keys in tests)
     */
    public record Deps(Clock clock, TokenVerifier verifier) {
        /** What {@code main} uses: the system clock and auth-service's keys as configured ({@link AuthKeys}). */
        public static Deps system(FreshnessConfig config) {
            Clock clock = Clock.systemUTC();
            return new Deps(clock, config.authKeys().verifier(config.common().jwt(), clock));
        }
    }

    public static FreshnessApp create(FreshnessConfig config, Deps deps) {
        Clock clock = deps.clock();
        ObjectMapper mapper = Json.newObjectMapper();
        Metrics metrics = new Metrics("freshness-service");
        Database database = Database.open(config.common().database(), "freshness", metrics.registry());
        var jdbi = database.jdbi();

        AuditLog<AuditEntry> audit = new AuditLog<>(jdbi, mapper, clock, AuditEntry.SCHEMA);
        BatchService batches = new BatchService(jdbi, clock, config.zone(), new PublicUrls(config.publicBaseUrl()),
                new PublicCodes(), audit);
        PolicyService policies = new PolicyService(jdbi, clock, audit);
        Requests requests = new Requests(mapper);
        PublicPageController publicPages = new PublicPageController(batches, new PublicPages(), mapper);

        Javalin server = ServiceServer.forService("/api/freshness")
                .objectMapper(mapper)
                .metrics(metrics)
                .accessControl(new AccessControl(deps.verifier(), principal -> true))
                .trustedProxies(config.common().trustedProxies())
                .openApi(OPENAPI)
                .readiness("database", database::isReachable)
                .routes(new BatchController(batches, requests)::routes)
                .routes(new QrController(batches, new QrCodes())::routes)
                .routes(new PolicyController(policies, requests)::routes)
                .routes(publicPages::routes)
                // "anything that is not a valid code is 404", also a code the HTTP server cannot decode (%00)
                .undecodablePathIsNotFound(PublicUrls.PAGE_PREFIX, publicPages.notFoundPage())
                .undecodablePathIsNotFound("/api/freshness/public/batches/")
                .routes(new AuditController<>("/api/freshness/admin/audit", audit)::routes)
                .build();
        return new FreshnessApp(config, database, server, batches);
    }

    public FreshnessApp start() {
        server.start(config.common().host(), config.common().port());
        LOG.info("freshness-service listening on port {}", server.port());
        return this;
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return database;
    }

    public BatchService batches() {
        return batches;
    }

    public FreshnessConfig config() {
        return config;
    }

    @Override
    public void close() {
        server.stop();
        database.close();
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // QR PNGs are drawn with java.awt.image, never on a screen
        FreshnessConfig config = FreshnessConfig.fromEnv(Env.system());
        FreshnessApp app = create(config, Deps.system(config)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            AccessLog.drain();
        }, "freshness-shutdown"));
    }
}
