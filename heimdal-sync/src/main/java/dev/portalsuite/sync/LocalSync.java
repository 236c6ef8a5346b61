package dev.portalsuite.sync;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.sync.job.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the local suite offers for heimdal-sync: the service client it provisions from
 * {@code SYNC_CLIENT_ID}/{@code SYNC_CLIENT_SECRET}, the exact command to run the job against the suite, and,
 * when {@code HEIMDAL_BASE_URL} is set, one run at start-up in the background.
 */
public final class LocalSync {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSync.class);
    public static final List<String> SCOPES = List.of("portal:ingest");

    private LocalSync() {
    }

    /** The client the suite provisions. */
    public record Client(String clientId, String secret, boolean developmentSecret) {
        @Override
        public String toString() {
            return "Client[clientId=" + clientId + ", secret=***]";
        }
    }

    /**
     * {@code SYNC_CLIENT_ID} (default {@code heimdal-sync}) with {@code SYNC_CLIENT_SECRET}; without a secret,
     * the development default in development and no client at all in production (create it with
     * {@code POST /api/auth/admin/service-clients} there). The development default is refused in production.
     */
    public static Optional<Client> client(Env env) {
        boolean production = env.mode().isProduction();
        String clientId = env.string("SYNC_CLIENT_ID", SyncConfig.DEFAULT_CLIENT_ID);
        Optional<String> secret = env.optional("SYNC_CLIENT_SECRET");
        if (secret.isPresent()) {
            if (production && secret.get().equals(SyncConfig.DEVELOPMENT_CLIENT_SECRET)) {
                throw new ConfigException("SYNC_CLIENT_SECRET must not be the development default when PORTAL_ENV=production");
            }
            if (secret.get().length() < 16) {
                throw new ConfigException("SYNC_CLIENT_SECRET must be at least 16 characters");
            }
            return Optional.of(new Client(clientId, secret.get(), false));
        }
        return production ? Optional.empty() : Optional.of(new Client(clientId, SyncConfig.DEVELOPMENT_CLIENT_SECRET, true));
    }

    /** The job's environment against the suite: the suite's ports, and the demo MSSP unless one is configured. */
    static Env jobEnv(Env env, int authPort, int portalPort, UUID defaultMssp) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("AUTH_URL", "http://127.0.0.1:" + authPort);
        overrides.put("PORTAL_URL", "http://127.0.0.1:" + portalPort);
        if (env.optional("SYNC_MSSP_ORG_ID").isEmpty() && defaultMssp != null) {
            overrides.put("SYNC_MSSP_ORG_ID", defaultMssp.toString());
        }
        return env.with(overrides);
    }

    /** Banner lines: the client and the exact command to run the sync against this suite (never a secret). */
    public static String banner(Env env, int authPort, int portalPort, UUID defaultMssp) {
        Optional<Client> client = client(env);
        StringBuilder text = new StringBuilder();
        if (client.isEmpty()) {
            text.append("  heimdal-sync   no service client provisioned (set SYNC_CLIENT_SECRET, or create one with "
                    + "POST /api/auth/admin/service-clients and scope portal:ingest)\n");
            return text.toString();
        }
        text.append("  heimdal-sync   service client '").append(client.get().clientId())
                .append("' (scope portal:ingest) is provisioned; sync a Heimdal account with:\n    ");
        text.append("HEIMDAL_BASE_URL=").append(env.optional("HEIMDAL_BASE_URL").orElse("https://<heimdal-api-base-url>"))
                .append(" HEIMDAL_API_KEY=\"$HEIMDAL_API_KEY\" HEIMDAL_CUSTOMER_ID=")
                .append(env.optional("HEIMDAL_CUSTOMER_ID").orElse("<reseller-customer-id>")).append(" \\\n    ");
        text.append("AUTH_URL=http://127.0.0.1:").append(authPort).append(" PORTAL_URL=http://127.0.0.1:").append(portalPort)
                .append(" SYNC_MSSP_ORG_ID=").append(env.optional("SYNC_MSSP_ORG_ID")
                        .orElse(defaultMssp == null ? "<mssp-org-id>" : defaultMssp.toString()));
        if (!client.get().clientId().equals(SyncConfig.DEFAULT_CLIENT_ID)) {
            text.append(" SYNC_CLIENT_ID=").append(client.get().clientId());
        }
        if (!client.get().developmentSecret()) {
            text.append(" SYNC_CLIENT_SECRET=\"$SYNC_CLIENT_SECRET\"");
        }
        text.append(" \\\n    java -jar heimdal-sync/target/heimdal-sync.jar [--dry-run]\n");
        if (env.optional("HEIMDAL_BASE_URL").isPresent()) {
            text.append("    (HEIMDAL_BASE_URL is set: the suite ran it once at start-up; its summary is in the log)\n");
        }
        return text.toString();
    }

    /** A sync started by the suite; {@link #close()} stops it (its run ends FAILED) and waits briefly. */
    public static final class Background implements AutoCloseable {
        private final Thread thread;
        private final SyncJob.Deps deps;
        private final AtomicReference<Outcome> outcome;

        private Background(Thread thread, SyncJob.Deps deps, AtomicReference<Outcome> outcome) {
            this.thread = thread;
            this.deps = deps;
            this.outcome = outcome;
        }

        /** The outcome once the run ended (empty while it runs, or when it could not start). */
        public Optional<Outcome> outcome() {
            return Optional.ofNullable(outcome.get());
        }

        public void await(long millis) throws InterruptedException {
            thread.join(millis);
        }

        @Override
        public void close() {
            deps.cancellation().cancel("the local suite is stopping");
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * When {@code HEIMDAL_BASE_URL} is set, runs the sync once in a background thread against the suite (the
     * suite keeps running whatever the outcome); otherwise does nothing.
     */
    public static Optional<Background> runOnceIfConfigured(Env env, int authPort, int portalPort, UUID defaultMssp) {
        if (env.optional("HEIMDAL_BASE_URL").isEmpty()) {
            return Optional.empty();
        }
        SyncConfig config;
        try {
            config = SyncConfig.fromEnv(jobEnv(env, authPort, portalPort, defaultMssp));
        } catch (ConfigException e) {
            LOG.warn("HEIMDAL_BASE_URL is set but heimdal-sync cannot run: {}", e.getMessage());
            return Optional.empty();
        }
        SyncJob.Deps deps = SyncJob.Deps.system();
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> outcome.set(SyncJob.create(config, deps).run(false)), "heimdal-sync");
        thread.setDaemon(true);
        thread.start();
        return Optional.of(new Background(thread, deps, outcome));
    }
}
