package dev.portalsuite.portal.sync;

import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of a RUNNING run in one transaction holding the run's row lock, with a fixed number of
 * set-based statements whatever its size: the batch is planned ({@link SyncPlan}) against what the database
 * holds, the organisations are written by ONE {@code INSERT … SELECT FROM unnest … ON CONFLICT DO UPDATE … WHERE
 * … IS DISTINCT FROM …} statement (so counts are exact and a repeated batch reports everything unchanged), clients
 * whose parent has not arrived are held back, and what the run has seen and rejected is recorded.
 */
final class BatchWriter {
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    /**
     * A batch after the shape and duplicate checks: its valid records by external id, every external id it
     * carried, and the records rejected so far.
     */
    record Batch(int size, Map<String, SyncRecord> valid, Set<String> received, List<RejectedRecord> rejected) {
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog<AuditEntry> audit;

    BatchWriter(Jdbi jdbi, Clock clock, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    RecordsResponse write(ScopedCaller caller, UUID runId, Batch batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(caller, runId, batch);
            } catch (RuntimeException e) {
                if (e instanceof ApiException || !DatabaseErrors.isIntegrityViolation(e)) {
                    throw e;
                }
                // e.g. an admin moved an organisation between this batch's checks and its upsert. The transaction
                // rolled back, so the batch is planned again against what the database holds now.
                if (attempt < ATTEMPTS) {
                    LOG.atWarn().addKeyValue("runId", runId).addKeyValue("attempt", attempt)
                            .log("the organisation hierarchy changed while a sync batch was written; writing it again");
                    continue;
                }
                throw ApiException.conflict("The organisation hierarchy changed while this batch was written; "
                        + "nothing was written, send the batch again.");
            }
        }
    }

    private RecordsResponse writeOnce(ScopedCaller caller, UUID runId, Batch batch) {
        List<RejectedRecord> rejected = new ArrayList<>(batch.rejected()); // an attempt adds the plan's rejections
        return jdbi.inTransaction(handle -> {
            SyncDao dao = handle.attach(SyncDao.class);
            SyncDao.RunRow run = RunningRun.lock(dao, runId);
            OrgRef mssp = OrgRefs.find(handle, run.msspOrgId()).orElseThrow();
            String msspExternalId = dao.externalIdOf(mssp.id()).orElse(null);

            List<SyncRecord> heldBack = takeHeldBack(dao, runId, batch.received());
            Map<String, SyncDao.Existing> existing = existing(dao, run.source(), batch.valid(), heldBack);
            SyncPlan plan = SyncPlan.plan(mssp.id(), msspExternalId, List.copyOf(batch.valid().values()), heldBack,
                    existing, UUID::randomUUID);
            rejected.addAll(plan.rejections);

            Instant now = clock.instant();
            int inserted = 0;
            int updated = 0;
            if (!plan.writes.isEmpty()) {
                List<Boolean> written = upsert(dao, run.source(), now, plan.writes.values());
                inserted = (int) written.stream().filter(Boolean::booleanValue).count();
                updated = written.size() - inserted;
            }
            int unchanged = plan.writes.size() - inserted - updated;

            holdBack(dao, runId, plan.pending);
            markSeen(dao, runId, batch.received(), heldBack, plan.writes.keySet());
            reject(dao, runId, rejected);
            int batchPending = (int) plan.pending.stream().filter(r -> r.index() != null).count();
            dao.recordBatch(runId, batch.size(), inserted, updated, unchanged, rejected.size(), now);
            RecordsResponse response = new RecordsResponse(inserted, updated, unchanged, batchPending,
                    plan.resolvedPending, rejected);
            audit.record(handle, AuditAction.SYNC_RUN_RECORDS,
                    AuditEntry.of(AuditAction.SYNC_RUN_RECORDS, runId, caller), caller.caller(),
                    auditDetails(batch.size(), response));
            return response;
        });
    }

    /** Clients earlier batches held back; those this batch sends again are superseded by its version. */
    private static List<SyncRecord> takeHeldBack(SyncDao dao, UUID runId, Set<String> received) {
        return dao.takePending(runId, received.toArray(String[]::new)).stream()
                .filter(p -> !received.contains(p.externalId()))
                .map(SyncDao.PendingRow::toRecord).toList();
    }

    /** The source's organisations among the batch's external ids, the parents they name and the held-back ids. */
    private static Map<String, SyncDao.Existing> existing(SyncDao dao, String source, Map<String, SyncRecord> valid,
                                                          List<SyncRecord> heldBack) {
        Set<String> lookup = new LinkedHashSet<>(valid.keySet());
        valid.values().stream().map(SyncRecord::parentExternalId).filter(p -> p != null).forEach(lookup::add);
        heldBack.forEach(r -> lookup.add(r.externalId()));
        return dao.existing(source, lookup.toArray(String[]::new)).stream()
                .collect(Collectors.toMap(SyncDao.Existing::externalId, e -> e));
    }

    /** One element per organisation written: true when inserted, false when updated; unchanged rows are absent. */
    private static List<Boolean> upsert(SyncDao dao, String source, Instant now, Collection<SyncPlan.OrgWrite> rows) {
        List<SyncPlan.OrgWrite> w = List.copyOf(rows);
        return dao.upsert(source, now,
                w.stream().map(SyncPlan.OrgWrite::id).toArray(UUID[]::new),
                w.stream().map(x -> x.record().externalId()).toArray(String[]::new),
                w.stream().map(x -> x.record().type()).toArray(String[]::new),
                w.stream().map(x -> x.record().name()).toArray(String[]::new),
                w.stream().map(SyncPlan.OrgWrite::parentId).toArray(UUID[]::new),
                w.stream().map(SyncPlan.OrgWrite::parentType).toArray(String[]::new),
                w.stream().map(SyncPlan.OrgWrite::msspId).toArray(UUID[]::new),
                w.stream().map(SyncPlan.OrgWrite::mspId).toArray(UUID[]::new),
                w.stream().map(x -> x.record().licenseType()).toArray(String[]::new),
                w.stream().map(x -> x.record().splaLicense()).toArray(Boolean[]::new),
                w.stream().map(x -> x.record().purchasedLicenses()).toArray(Integer[]::new),
                w.stream().map(x -> x.record().activeLicenses()).toArray(Integer[]::new),
                w.stream().map(x -> x.record().devices()).toArray(Integer[]::new));
    }

    private static void holdBack(SyncDao dao, UUID runId, List<SyncRecord> waiting) {
        if (waiting.isEmpty()) {
            return;
        }
        dao.holdBack(runId, waiting.stream().map(SyncRecord::externalId).toArray(String[]::new),
                waiting.stream().map(SyncRecord::parentExternalId).toArray(String[]::new),
                waiting.stream().map(SyncRecord::name).toArray(String[]::new),
                waiting.stream().map(SyncRecord::licenseType).toArray(String[]::new),
                waiting.stream().map(SyncRecord::splaLicense).toArray(Boolean[]::new),
                waiting.stream().map(SyncRecord::purchasedLicenses).toArray(Integer[]::new),
                waiting.stream().map(SyncRecord::activeLicenses).toArray(Integer[]::new),
                waiting.stream().map(SyncRecord::devices).toArray(Integer[]::new));
    }

    /** Every external id this batch carried or resolved, and those of them it wrote. */
    private static void markSeen(SyncDao dao, UUID runId, Set<String> received, List<SyncRecord> heldBack,
                                 Set<String> written) {
        Set<String> seen = new LinkedHashSet<>(received);
        heldBack.forEach(r -> seen.add(r.externalId()));
        if (seen.isEmpty()) {
            return; // every record lacked an external id
        }
        dao.markSeen(runId, seen.toArray(String[]::new), seen.stream().filter(written::contains).toArray(String[]::new));
    }

    private static void reject(SyncDao dao, UUID runId, List<RejectedRecord> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        dao.reject(runId, rejected.stream().map(RejectedRecord::externalId).toArray(String[]::new),
                rejected.stream().map(RejectedRecord::reason).toArray(String[]::new));
    }

    private static Map<String, Object> auditDetails(int size, RecordsResponse response) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("records", size);
        details.put("inserted", response.inserted());
        details.put("updated", response.updated());
        details.put("unchanged", response.unchanged());
        details.put("pending", response.pending());
        details.put("resolvedPending", response.resolvedPending());
        details.put("rejected", response.rejected().size());
        return details;
    }
}
