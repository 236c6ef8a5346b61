package dev.portalsuite.portal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditLog;
import dev.portalsuite.portal.notification.NotificationService;
import dev.portalsuite.portal.scope.Caller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.web.Integrity;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync-run ingest API (service clients with scope {@code portal:ingest}).
 *
 * <ul>
 *   <li>One RUNNING run per source, enforced by a partial unique index; a run without records for
 *       {@code SYNC_STALE_AFTER} is taken over by the next start (and marked ABANDONED).</li>
 *   <li>A batch runs in one transaction holding the run's row lock, with a fixed number of set-based
 *       statements whatever its size; the organisations themselves are written by ONE
 *       {@code INSERT … SELECT FROM unnest … ON CONFLICT DO UPDATE … WHERE … IS DISTINCT FROM …} statement,
 *       so counts are exact and a repeated batch reports everything unchanged.</li>
 *   <li>{@code finish}: SUCCEEDED reactivates written organisations that were INACTIVE and, with
 *       {@code deactivateMissing}, deactivates the source's organisations under the MSSP whose external id the
 *       run never received; FAILED changes no status. Clients still waiting for a parent are rejected.</li>
 * </ul>
 */
public final class SyncService {
    public static final String INGEST_SCOPE = "portal:ingest";
    public static final int MAX_BATCH = 1000;
    private static final int BATCH_WRITE_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    static final int ERRORS_PER_RUN = 50;
    static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "ABANDONED");
    static final String SOURCE_PATTERN = "[a-z0-9][a-z0-9_-]{0,49}";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration staleAfter;
    private final NotificationService notifications;
    private final AuditLog audit;

    public SyncService(Jdbi jdbi, Clock clock, Duration staleAfter, NotificationService notifications, AuditLog audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.notifications = notifications;
        this.audit = audit;
    }

    public SyncRunResponse start(Caller caller, StartRunRequest request) {
        requireIngest(caller);
        List<FieldError> errors = new ArrayList<>();
        String source = Inputs.text(request.source(), "source", 50, true, errors);
        if (source != null && !source.matches(SOURCE_PATTERN)) {
            errors.add(new FieldError("source", "must be lower-case letters, digits, '-' or '_', e.g. heimdal"));
        }
        if (request.msspOrgId() == null) {
            errors.add(new FieldError("msspOrgId", "is required"));
        }
        Inputs.throwIfAny(errors);
        UUID id = UUID.randomUUID();
        try {
            return jdbi.inTransaction(handle -> {
                OrgRef mssp = OrgRefs.find(handle, request.msspOrgId())
                        .orElseThrow(() -> ApiException.invalidField("msspOrgId", "no such organisation"));
                if (!mssp.type().equals("MSSP")) {
                    throw ApiException.invalidField("msspOrgId", "must be an MSSP organisation");
                }
                SyncDao dao = handle.attach(SyncDao.class);
                Instant now = clock.instant();
                var running = dao.lockRunning(source);
                if (running.isPresent()) {
                    SyncDao.RunRow old = running.get();
                    if (old.lastActivityAt().plus(staleAfter).isAfter(now)) {
                        throw ApiException.conflict("A '" + source + "' sync run is already running (id " + old.id()
                                + ", last activity " + old.lastActivityAt() + ").");
                    }
                    abandon(handle, old, id, caller);
                }
                dao.insertRun(id, source, mssp.id(), caller.subject(), now);
                audit.record(handle, AuditAction.SYNC_RUN_STARTED, id, caller,
                        Map.of("source", source, "msspOrgId", mssp.id().toString()));
                return response(dao, dao.find(id).orElseThrow());
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUniqueViolation(e, "sync_runs_one_running_key")) {
                throw ApiException.conflict("A '" + source + "' sync run is already running.");
            }
            throw e;
        }
    }

    /** A RUNNING run nobody fed for {@code staleAfter}: ends as ABANDONED, its staged records are dropped. */
    private void abandon(Handle handle, SyncDao.RunRow old, UUID takenOverBy, Caller caller) {
        SyncDao dao = handle.attach(SyncDao.class);
        String error = "No records for " + staleAfter + " since " + old.lastActivityAt() + "; taken over by run "
                + takenOverBy + ".";
        int dropped = dao.clearPending(old.id());
        dao.clearSeen(old.id());
        dao.abandon(old.id(), error, clock.instant());
        audit.record(handle, AuditAction.SYNC_RUN_ABANDONED, old.id(), caller,
                Map.of("takenOverBy", takenOverBy.toString(), "droppedPending", dropped));
        notifications.notifyRole(handle, Role.ADMIN, "alert", "Sync run abandoned (" + old.source() + ")",
                "The " + old.source() + " sync run " + old.id() + " stopped sending records and was taken over. "
                        + "No organisation status was changed by it.", caller);
    }

    public RecordsResponse records(Caller caller, UUID runId, RecordsRequest request) {
        requireIngest(caller);
        List<JsonNode> elements = request.records();
        if (elements == null) {
            throw ApiException.invalidField("records", "is required");
        }
        if (elements.isEmpty() || elements.size() > MAX_BATCH) {
            throw ApiException.invalidField("records", "must contain 1 to " + MAX_BATCH + " records");
        }
        // shape checks first, then duplicates: the first record with an external id wins
        List<RejectedRecord> rejected = new ArrayList<>();
        Map<String, SyncRecord> valid = new LinkedHashMap<>();
        Set<String> received = new LinkedHashSet<>();
        for (int i = 0; i < elements.size(); i++) {
            SyncRecordParser.Parsed parsed = SyncRecordParser.parse(elements.get(i), i);
            if (parsed.externalId() != null && !received.add(parsed.externalId())) {
                rejected.add(new RejectedRecord(i, parsed.externalId(), "duplicate externalId in this batch"));
                continue;
            }
            if (parsed.rejection() != null) {
                rejected.add(parsed.rejection());
            } else {
                valid.put(parsed.externalId(), parsed.record());
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return writeBatch(caller, runId, elements.size(), valid, received, new ArrayList<>(rejected));
            } catch (RuntimeException e) {
                if (e instanceof ApiException || !Integrity.isViolation(e)) {
                    throw e;
                }
                // e.g. an admin moved an organisation between this batch's checks and its upsert. The transaction
                // rolled back, so the batch is planned again against what the database holds now.
                if (attempt < BATCH_WRITE_ATTEMPTS) {
                    LOG.atWarn().addKeyValue("runId", runId).addKeyValue("attempt", attempt)
                            .log("the organisation hierarchy changed while a sync batch was written; writing it again");
                    continue;
                }
                throw ApiException.conflict("The organisation hierarchy changed while this batch was written; "
                        + "nothing was written, send the batch again.");
            }
        }
    }

    private RecordsResponse writeBatch(Caller caller, UUID runId, int size, Map<String, SyncRecord> valid,
                                       Set<String> received, List<RejectedRecord> rejected) {
        return jdbi.inTransaction(handle -> {
            SyncDao dao = handle.attach(SyncDao.class);
            SyncDao.RunRow run = running(dao, runId);
            OrgRef mssp = OrgRefs.find(handle, run.msspOrgId()).orElseThrow();
            String msspExternalId = dao.externalIdOf(mssp.id()).orElse(null);

            String[] receivedIds = received.toArray(String[]::new);
            List<SyncRecord> heldBack = dao.takePending(runId, receivedIds).stream()
                    .filter(p -> !received.contains(p.externalId())) // superseded by this batch's version
                    .map(SyncDao.PendingRow::toRecord).toList();

            Set<String> lookup = new LinkedHashSet<>(valid.keySet());
            valid.values().stream().map(SyncRecord::parentExternalId).filter(p -> p != null).forEach(lookup::add);
            heldBack.forEach(r -> lookup.add(r.externalId()));
            Map<String, SyncDao.Existing> existing = dao.existing(run.source(), lookup.toArray(String[]::new)).stream()
                    .collect(Collectors.toMap(SyncDao.Existing::externalId, e -> e));

            SyncPlan plan = SyncPlan.plan(mssp.id(), msspExternalId, List.copyOf(valid.values()), heldBack, existing,
                    UUID::randomUUID);
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

            List<SyncRecord> waiting = plan.pending;
            if (!waiting.isEmpty()) {
                dao.holdBack(runId, waiting.stream().map(SyncRecord::externalId).toArray(String[]::new),
                        waiting.stream().map(SyncRecord::parentExternalId).toArray(String[]::new),
                        waiting.stream().map(SyncRecord::name).toArray(String[]::new),
                        waiting.stream().map(SyncRecord::licenseType).toArray(String[]::new),
                        waiting.stream().map(SyncRecord::splaLicense).toArray(Boolean[]::new),
                        waiting.stream().map(SyncRecord::purchasedLicenses).toArray(Integer[]::new),
                        waiting.stream().map(SyncRecord::activeLicenses).toArray(Integer[]::new),
                        waiting.stream().map(SyncRecord::devices).toArray(Integer[]::new));
            }
            Map<String, Boolean> seen = new LinkedHashMap<>();
            received.forEach(id -> seen.put(id, plan.writes.containsKey(id)));
            heldBack.forEach(r -> seen.put(r.externalId(), plan.writes.containsKey(r.externalId())));
            dao.markSeen(runId, seen.keySet().toArray(String[]::new), seen.values().toArray(Boolean[]::new));
            if (!rejected.isEmpty()) {
                dao.reject(runId, rejected.stream().map(RejectedRecord::externalId).toArray(String[]::new),
                        rejected.stream().map(RejectedRecord::reason).toArray(String[]::new));
            }
            int batchPending = (int) waiting.stream().filter(r -> r.index() != null).count();
            dao.recordBatch(runId, size, inserted, updated, unchanged, rejected.size(), now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("records", size);
            details.put("inserted", inserted);
            details.put("updated", updated);
            details.put("unchanged", unchanged);
            details.put("pending", batchPending);
            details.put("resolvedPending", plan.resolvedPending);
            details.put("rejected", rejected.size());
            audit.record(handle, AuditAction.SYNC_RUN_RECORDS, runId, caller, details);
            return new RecordsResponse(inserted, updated, unchanged, batchPending, plan.resolvedPending, rejected);
        });
    }

    private static List<Boolean> upsert(SyncDao dao, String source, Instant now, java.util.Collection<SyncPlan.OrgWrite> rows) {
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

    public SyncRunResponse finish(Caller caller, UUID runId, FinishRunRequest request) {
        requireIngest(caller);
        List<FieldError> errors = new ArrayList<>();
        String status = Inputs.oneOf(request.status(), "status", Set.of("SUCCEEDED", "FAILED"), true, errors);
        String error = Inputs.text(request.error(), "error", 2000, false, errors);
        Inputs.throwIfAny(errors);
        boolean succeeded = status.equals("SUCCEEDED");
        boolean deactivate = succeeded && Boolean.TRUE.equals(request.deactivateMissing());
        return jdbi.inTransaction(handle -> {
            SyncDao dao = handle.attach(SyncDao.class);
            SyncDao.RunRow run = running(dao, runId);
            Instant now = clock.instant();

            List<SyncDao.Leftover> leftovers = new ArrayList<>(dao.takeLeftovers(runId));
            leftovers.sort(java.util.Comparator.comparing(SyncDao.Leftover::externalId));
            if (!leftovers.isEmpty()) {
                dao.reject(runId, leftovers.stream().map(SyncDao.Leftover::externalId).toArray(String[]::new),
                        leftovers.stream().map(l -> l.parentReceived()
                                ? "parent '" + l.parentExternalId() + "' was rejected, so this client could not be placed"
                                : "parent '" + l.parentExternalId() + "' never arrived in this run").toArray(String[]::new));
            }
            int reactivated = 0;
            List<UUID> deactivated = List.of();
            if (succeeded) {
                reactivated = dao.reactivateSeen(runId, run.source(), run.msspOrgId(), now);
                if (deactivate) {
                    deactivated = dao.deactivateMissing(runId, run.source(), run.msspOrgId(), now);
                }
            }
            dao.clearSeen(runId);
            dao.finish(runId, status, deactivate, leftovers.size(), deactivated.size(), reactivated, error, now);

            String msspName = OrgRefs.find(handle, run.msspOrgId()).map(OrgRef::name).orElse("?");
            if (!succeeded) {
                notifications.notifyRole(handle, Role.ADMIN, "alert", "Sync run failed (" + run.source() + ")",
                        "The " + run.source() + " sync run for " + msspName + " failed"
                                + (error == null ? "." : ": " + error) + " No organisation status was changed.", caller);
            } else if (!deactivated.isEmpty()) {
                notifications.notifyRole(handle, Role.ADMIN, "warning",
                        "Sync deactivated " + deactivated.size() + " organisation(s) (" + run.source() + ")",
                        "The " + run.source() + " sync run for " + msspName + " deactivated " + deactivated.size()
                                + " organisation(s) that the source no longer reports.", caller);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", status);
            details.put("deactivateMissing", deactivate);
            details.put("deactivated", deactivated.size());
            details.put("deactivatedIds", deactivated.stream().limit(100).map(UUID::toString).toList());
            details.put("reactivated", reactivated);
            details.put("rejectedAtFinish", leftovers.size());
            audit.record(handle, AuditAction.SYNC_RUN_FINISHED, runId, caller, details);
            return response(dao, dao.find(runId).orElseThrow());
        });
    }

    public Page<SyncRunResponse> list(Caller caller, String source, String status, Pagination page) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators see the sync history.");
        }
        return jdbi.withExtension(SyncDao.class, dao -> {
            List<SyncDao.RunRow> rows = dao.list(source, status, page.limit(), page.offset());
            return Page.of(responses(dao, rows), dao.count(source, status), page);
        });
    }

    private static SyncDao.RunRow running(SyncDao dao, UUID runId) {
        SyncDao.RunRow run = dao.lock(runId).orElseThrow(() -> ApiException.notFound("No sync run with this id."));
        if (!run.status().equals("RUNNING")) {
            throw ApiException.conflict("This sync run is " + run.status() + "; it accepts no more records.");
        }
        return run;
    }

    private static SyncRunResponse response(SyncDao dao, SyncDao.RunRow row) {
        return responses(dao, List.of(row)).get(0);
    }

    private static List<SyncRunResponse> responses(SyncDao dao, List<SyncDao.RunRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        UUID[] ids = rows.stream().map(SyncDao.RunRow::id).toArray(UUID[]::new);
        Map<UUID, List<SyncRunResponse.Error>> errors = new HashMap<>();
        for (SyncDao.RunError e : dao.errors(ids, ERRORS_PER_RUN)) {
            errors.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(new SyncRunResponse.Error(e.externalId(), e.reason()));
        }
        Map<UUID, Long> pending = dao.pendingCounts(ids).stream()
                .collect(Collectors.toMap(SyncDao.RunCount::runId, SyncDao.RunCount::count));
        return rows.stream().map(r -> SyncRunResponse.of(r, pending.getOrDefault(r.id(), 0L),
                errors.getOrDefault(r.id(), List.of()))).toList();
    }

    /** Role {@code service} with scope {@code portal:ingest}; anything else is 403. */
    public static void requireIngest(Caller caller) {
        if (!caller.hasRole(Role.SERVICE) || !caller.principal().hasScope(INGEST_SCOPE)) {
            throw ApiException.forbidden("Sync runs need a service client token with scope " + INGEST_SCOPE + ".");
        }
    }
}
