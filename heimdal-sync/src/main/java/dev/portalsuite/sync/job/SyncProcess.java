package dev.portalsuite.sync.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.sync.SyncConfig;
import dev.portalsuite.sync.auth.TokenClient;
import dev.portalsuite.sync.heimdal.CustomerMapper;
import dev.portalsuite.sync.heimdal.HeimdalClient;
import dev.portalsuite.sync.net.SyncFailure;
import dev.portalsuite.sync.portal.BatchResult;
import dev.portalsuite.sync.portal.PortalClient;
import dev.portalsuite.sync.portal.RunInProgressException;
import dev.portalsuite.sync.portal.RunSummary;
import dev.portalsuite.sync.portal.SyncRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the job: token, Heimdal pages, portal run, batches, finish.
 *
 * <ol>
 *   <li>Get an access token (client credentials): wrong credentials stop the job before Heimdal is asked.</li>
 *   <li>Ask Heimdal for page 1. Only when it answers with a success status does the job start a portal run
 *       ({@code 409} → exit 3), so an unreachable Heimdal or a refused API key writes nothing.</li>
 *   <li>Map each customer as it is parsed; send valid records in batches of up to {@code SYNC_BATCH_SIZE}.</li>
 *   <li>Finish SUCCEEDED. Deactivation of organisations Heimdal no longer lists is asked for only when every
 *       page was read, the list was complete (totalCount reached), at least one customer was read, and every
 *       customer could be mapped (an unmappable customer might be an existing organisation).</li>
 *   <li>Any failure after the run started finishes it FAILED (best effort; a FAILED run changes no status).</li>
 * </ol>
 * A dry run fetches a token (so it checks the credentials too), reads and maps every page, and writes nothing.
 */
public final class SyncProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SyncProcess.class);
    private static final int MAX_LOGGED_REJECTIONS = 100;

    private final SyncConfig config;
    private final Clock clock;
    private final TokenClient tokens;
    private final HeimdalClient heimdal;
    private final PortalClient portal;
    private final CustomerMapper mapper;
    private final boolean dryRun;

    private final List<SyncRecord> batch = new ArrayList<>();
    /** Sends batches one at a time while the next page is read: at most one batch in flight, one being filled. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "portal-sender");
        thread.setDaemon(true);
        return thread;
    });
    private Future<BatchResult> inFlight;
    private int inFlightSize;
    private String runId;
    private long read;
    private long skipped;
    private long invalid;
    private long sent;
    private long inserted;
    private long updated;
    private long unchanged;
    private long portalRejected;
    private int loggedRejections;

    public SyncProcess(SyncConfig config, Clock clock, TokenClient tokens, HeimdalClient heimdal, PortalClient portal,
                       boolean dryRun) {
        this.config = config;
        this.clock = clock;
        this.tokens = tokens;
        this.heimdal = heimdal;
        this.portal = portal;
        this.mapper = new CustomerMapper(config.heimdalCustomerId());
        this.dryRun = dryRun;
    }

    public Outcome run() {
        try {
            return runOnce();
        } finally {
            sender.shutdownNow();
        }
    }

    private Outcome runOnce() {
        Instant started = clock.instant();
        LOG.atInfo().addKeyValue("dryRun", dryRun).addKeyValue("heimdal", config.heimdalBaseUrl().toString())
                .addKeyValue("customerId", config.heimdalCustomerId()).addKeyValue("portal", config.portalUrl().toString())
                .addKeyValue("msspOrgId", config.msspOrgId().toString()).addKeyValue("pageSize", config.heimdalPageSize())
                .log("heimdal-sync starting");
        HeimdalClient.ReadResult result;
        try {
            tokens.token();
            result = heimdal.readAll(this::startRun, this::accept);
            flush();
            collect();
        } catch (RunInProgressException e) {
            LOG.error(e.getMessage());
            return outcome(Outcome.RUN_IN_PROGRESS, "NOT_STARTED", started, null, false, e.getMessage());
        } catch (RuntimeException e) {
            String message = e instanceof SyncFailure ? e.getMessage() : "unexpected error: " + e;
            if (!(e instanceof SyncFailure)) {
                LOG.error("heimdal-sync failed unexpectedly", e);
            } else {
                LOG.error(message);
            }
            settleInFlight();
            RunSummary failed = null;
            if (runId != null) {
                try {
                    failed = portal.finish(runId, false, false, message);
                    LOG.atWarn().addKeyValue("runId", runId).log("sync run finished as FAILED; no organisation status changed");
                } catch (RuntimeException finishError) {
                    LOG.atError().addKeyValue("runId", runId).log("could not mark the sync run FAILED ({}); portal-service "
                            + "takes it over as ABANDONED once it is stale", finishError.getMessage());
                }
            }
            return outcome(Outcome.FAILED, runId == null ? "NOT_STARTED" : "FAILED", started, failed, false, message);
        }

        boolean deactivate = decideDeactivation(result);
        if (dryRun) {
            int code = invalid > 0 || !result.complete() ? Outcome.WARNINGS : Outcome.OK;
            return outcome(code, "READ", started, null, deactivate, null);
        }
        try {
            if (runId == null) {
                startRun(); // Heimdal answered, but with no customers at all
            }
            RunSummary summary = portal.finish(runId, true, deactivate, null);
            long rejected = invalid + Math.max(summary.rejected(), portalRejected);
            // an incomplete list is synced for what was read, but someone should look at why Heimdal cut it short
            int code = rejected > 0 || !result.complete() ? Outcome.WARNINGS : Outcome.OK;
            return outcome(code, summary.status(), started, summary, deactivate, null);
        } catch (RunInProgressException e) {
            LOG.error(e.getMessage());
            return outcome(Outcome.RUN_IN_PROGRESS, "NOT_STARTED", started, null, false, e.getMessage());
        } catch (RuntimeException e) {
            String message = e instanceof SyncFailure ? e.getMessage() : "unexpected error: " + e;
            LOG.error("could not finish the sync run: {}", message);
            if (runId != null) {
                try {
                    portal.finish(runId, false, false, "could not finish as SUCCEEDED: " + message);
                } catch (RuntimeException again) {
                    LOG.atError().addKeyValue("runId", runId).log("could not mark the sync run FAILED either ({}); "
                            + "portal-service takes it over as ABANDONED once it is stale", again.getMessage());
                }
            }
            return outcome(Outcome.FAILED, "UNKNOWN", started, null, false, message);
        }
    }

    private boolean decideDeactivation(HeimdalClient.ReadResult result) {
        String reason = null;
        if (!result.complete()) {
            reason = result.incompleteReason();
        } else if (read - skipped == 0) {
            reason = "Heimdal listed no customers";
        } else if (invalid > 0) {
            reason = invalid + " customer(s) could not be mapped and might be existing organisations";
        }
        if (reason != null) {
            LOG.atWarn().log("not deactivating organisations missing from Heimdal this run: {}", reason);
            return false;
        }
        return true;
    }

    /** Called when Heimdal first answers with a success status. */
    private void startRun() {
        if (dryRun || runId != null) {
            return;
        }
        runId = portal.start(SyncConfig.SOURCE, config.msspOrgId());
        LOG.atInfo().addKeyValue("runId", runId).log("sync run started");
    }

    private boolean accept(JsonNode customer) {
        read++;
        CustomerMapper.Result mapped = mapper.map(customer);
        if (mapped.skipped()) {
            skipped++;
            return true;
        }
        if (mapped.isRejected()) {
            invalid++;
            logRejection("heimdal-sync", mapped.externalId(), mapped.rejection());
            return true;
        }
        if (!dryRun) {
            batch.add(mapped.record());
            if (batch.size() >= config.batchSize()) {
                flush();
            }
        }
        return true;
    }

    /** Hands the full batch to the sender, after the previous one was accepted (its failure stops the job here). */
    private void flush() {
        if (batch.isEmpty() || dryRun) {
            return;
        }
        startRun();
        collect();
        List<SyncRecord> records = List.copyOf(batch);
        batch.clear();
        String run = runId;
        inFlightSize = records.size();
        inFlight = sender.submit(() -> portal.send(run, records));
    }

    /** Waits for the batch in flight and counts what portal-service did with it. */
    private void collect() {
        if (inFlight == null) {
            return;
        }
        BatchResult result;
        try {
            result = inFlight.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new SyncFailure("sending a batch failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("interrupted while sending a batch");
        } finally {
            inFlight = null;
        }
        sent += inFlightSize;
        inserted += result.inserted();
        updated += result.updated();
        unchanged += result.unchanged();
        portalRejected += result.rejected().size();
        result.rejected().forEach(r -> logRejection("portal-service", r.externalId(), r.reason()));
    }

    /** After a failure: let a batch still in flight end before the run is finished as FAILED. */
    private void settleInFlight() {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (ExecutionException | RuntimeException e) {
                // already failing; the batch's own error does not matter any more
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight = null;
            }
        }
    }

    private void logRejection(String by, String externalId, String reason) {
        if (loggedRejections++ < MAX_LOGGED_REJECTIONS) {
            LOG.atWarn().addKeyValue("rejectedBy", by).addKeyValue("externalId", externalId).addKeyValue("reason", reason)
                    .log("customer {} rejected by {}: {}", externalId == null ? "(no id)" : externalId, by, reason);
        } else if (loggedRejections == MAX_LOGGED_REJECTIONS + 1) {
            LOG.warn("more rejections follow; they are counted in the summary (portal-service records every one; its run "
                    + "history shows the first 50)");
        }
    }

    private Outcome outcome(int code, String status, Instant started, RunSummary summary, boolean deactivate, String error) {
        long rejected = invalid + (summary == null ? portalRejected : Math.max(summary.rejected(), portalRejected));
        Outcome outcome = new Outcome(code, status, dryRun, runId, heimdalPages(), read, skipped, invalid, sent,
                summary == null ? inserted : summary.inserted(),
                summary == null ? updated : summary.updated(),
                summary == null ? unchanged : summary.unchanged(),
                rejected,
                summary == null || !"SUCCEEDED".equals(summary.status()) ? null : summary.deactivated(),
                summary == null ? null : summary.reactivated(),
                deactivate, Duration.between(started, clock.instant()), error);
        return outcome;
    }

    private int heimdalPages() {
        return heimdal.pagesRead();
    }
}
