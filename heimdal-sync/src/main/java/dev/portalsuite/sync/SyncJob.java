package dev.portalsuite.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.sync.auth.TokenClient;
import dev.portalsuite.sync.heimdal.HeimdalClient;
import dev.portalsuite.sync.job.Outcome;
import dev.portalsuite.sync.job.SyncProcess;
import dev.portalsuite.sync.net.Cancellation;
import dev.portalsuite.sync.net.RetryPolicy;
import dev.portalsuite.sync.net.Sleeper;
import dev.portalsuite.sync.portal.PortalClient;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of heimdal-sync: {@link #create} wires the clients from the configuration and the
 * dependencies; {@code main} and the tests both call it and then {@link #run}.
 */
public final class SyncJob {
    private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
    private final SyncConfig config;
    private final Deps deps;
    private final TokenClient tokens;
    private final HeimdalClient heimdal;
    private final PortalClient portal;

    /**
     * What comes from outside the configuration: the process's one OkHttpClient (per-service timeouts are
     * derived from it, sharing its connection pool), the clock (token expiry, {@code Retry-After} dates), the
     * sleeper between retries, the jitter's random source, and the cancellation the shutdown hook sets.
     */
    public record Deps(OkHttpClient http, Clock clock, Sleeper sleeper, RandomGenerator random, Cancellation cancellation) {
        public static Deps system() {
            return new Deps(new OkHttpClient(), Clock.systemUTC(), Sleeper.SYSTEM, RandomGenerator.getDefault(),
                    new Cancellation());
        }
    }

    private SyncJob(SyncConfig config, Deps deps, TokenClient tokens, HeimdalClient heimdal, PortalClient portal) {
        this.config = config;
        this.deps = deps;
        this.tokens = tokens;
        this.heimdal = heimdal;
        this.portal = portal;
    }

    public static SyncJob create(SyncConfig config, Deps deps) {
        ObjectMapper mapper = Json.newObjectMapper();
        RetryPolicy retry = new RetryPolicy(config.maxAttempts(), config.retryBaseDelay(), config.retryMaxDelay(),
                config.maxRetryAfter(), deps.clock(), deps.sleeper(), deps.random());
        OkHttpClient heimdalHttp = deps.http().newBuilder()
                .connectTimeout(config.heimdalConnectTimeout())
                .readTimeout(config.heimdalReadTimeout())
                .writeTimeout(config.heimdalReadTimeout())
                .followRedirects(false) // never hand the API key to another host
                .retryOnConnectionFailure(false) // retries are ours, counted and bounded
                .build();
        OkHttpClient serviceHttp = deps.http().newBuilder()
                .connectTimeout(config.heimdalConnectTimeout())
                .readTimeout(config.serviceTimeout())
                .writeTimeout(config.serviceTimeout())
                .callTimeout(config.serviceTimeout().plus(Duration.ofSeconds(10)))
                .followRedirects(false)
                .build();
        TokenClient tokens = new TokenClient(serviceHttp, mapper, deps.clock(), retry, config.authUrl(),
                config.clientId(), config.clientSecret());
        HeimdalClient heimdal = new HeimdalClient(heimdalHttp, mapper, retry, deps.cancellation(), config.heimdalBaseUrl(),
                config.heimdalApiKey(), config.heimdalCustomerId(), config.heimdalPageSize(), config.heimdalMaxPages());
        PortalClient portal = new PortalClient(serviceHttp, mapper, retry, tokens, config.portalUrl());
        return new SyncJob(config, deps, tokens, heimdal, portal);
    }

    /**
     * Runs the sync once and logs the one summary line; the outcome carries the exit code. Never calls
     * {@code System.exit}.
     */
    public Outcome run(boolean dryRun) {
        Outcome outcome = new SyncProcess(config, deps.clock(), tokens, heimdal, portal, dryRun).run();
        var line = outcome.exitCode() >= Outcome.FAILED ? LOG.atError() : outcome.exitCode() == Outcome.WARNINGS ? LOG.atWarn() : LOG.atInfo();
        line.addKeyValue("summary", true).addKeyValue("exitCode", outcome.exitCode()).addKeyValue("status", outcome.status())
                .addKeyValue("dryRun", dryRun).addKeyValue("runId", outcome.runId()).addKeyValue("pages", outcome.pages())
                .addKeyValue("read", outcome.read()).addKeyValue("sent", outcome.sent())
                .addKeyValue("inserted", outcome.inserted()).addKeyValue("updated", outcome.updated())
                .addKeyValue("unchanged", outcome.unchanged()).addKeyValue("rejected", outcome.rejected())
                .addKeyValue("deactivated", outcome.deactivated()).addKeyValue("durationMs", outcome.duration().toMillis())
                .log(outcome.summaryLine());
        return outcome;
    }

    /** Access tokens fetched from auth-service. */
    public int tokensFetched() {
        return tokens.fetched();
    }
}
