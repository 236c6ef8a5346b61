package dev.portalsuite.portal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.portal.audit.AuditAction;
import dev.portalsuite.portal.audit.AuditEntry;
import dev.portalsuite.portal.notification.NotificationService;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.shared.audit.AuditLog;
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

/**
 * The sync-run ingest API (service clients with scope {@code portal:ingest}).
 *
 * <ul>
 *   <li>One RUNNING run per source, enforced by a partial unique index; a run without records for
 *       {@code SYNC_STALE_AFTER} is taken over by the next start (and marked ABANDONED).</li>
 *   <li>{@code records}: the batch's shape and duplicate checks; {@link BatchWriter} writes what passes.</li>
 *   <li>{@code finish}: SUCCEEDED reactivates written organisations that were INACTIVE and, with
 *       {@code deactivateMissing}, deactivates the source's organisations under the MSSP whose external id the
 *       run never received; FAILED changes no status. Clients still waiting for a parent are rejected.</li>
 * </ul>
 */
public final class SyncService {
    public static final String INGEST_SCOPE = "portal:ingest";
    public static final int MAX_BATCH = 1000;
    static final int ERRORS_PER_RUN = 50;
    static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "ABANDONED");

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration staleAfter;
    private final NotificationService notifications;
    private final AuditLog<AuditEntry> audit;
    private final BatchWriter batches;

    public SyncService(Jdbi jdbi, Clock clock, Duration staleAfter, NotificationService notifications,
                       AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.notifications = notifications;
        this.audit = audit;
        this.batches = new BatchWriter(jdbi, clock, audit);
    }

    public SyncRunResponse start(ScopedCaller caller, StartRunRequest request) {
        requireIngest(caller);
        List<FieldError> errors = new ArrayList<>();
        String source = Inputs.text(request.source(), "source", 50, true, errors);
        if (source != null && !SourceName.isValid(source)) {
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
                audit.record(handle, AuditAction.SYNC_RUN_STARTED,
                        AuditEntry.of(AuditAction.SYNC_RUN_STARTED, id, caller), caller.caller(),
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
    private void abandon(Handle handle, SyncDao.RunRow old, UUID takenOverBy, ScopedCaller caller) {
        SyncDao dao = handle.attach(SyncDao.class);
        String error = "No records for " + staleAfter + " since " + old.lastActivityAt() + "; taken over by run "
                + takenOverBy + ".";
        int dropped = dao.clearPending(old.id());
        dao.clearSeen(old.id());
        dao.abandon(old.id(), error, clock.instant());
        audit.record(handle, AuditAction.SYNC_RUN_ABANDONED,
                AuditEntry.of(AuditAction.SYNC_RUN_ABANDONED, old.id(), caller), caller.caller(),
                Map.of("takenOverBy", takenOverBy.toString(), "droppedPending", dropped));
        notifications.notifyRole(handle, Role.ADMIN, "alert", "Sync run abandoned (" + old.source() + ")",
                "The " + old.source() + " sync run " + old.id() + " stopped sending records and was taken over. "
                        + "No organisation status was changed by it.", caller);
    }

    public RecordsResponse records(ScopedCaller caller, UUID runId, RecordsRequest request) {
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
        return batches.write(caller, runId, new BatchWriter.Batch(elements.size(), valid, received, rejected));
    }

    public SyncRunResponse finish(ScopedCaller caller, UUID runId, FinishRunRequest request) {
        requireIngest(caller);
        List<FieldError> errors = new ArrayList<>();
        String status = Inputs.oneOf(request.status(), "status", Set.of("SUCCEEDED", "FAILED"), true, errors);
        String error = Inputs.text(request.error(), "error", 2000, false, errors);
        Inputs.throwIfAny(errors);
        boolean succeeded = status.equals("SUCCEEDED");
        boolean deactivate = succeeded && Boolean.TRUE.equals(request.deactivateMissing());
        return jdbi.inTransaction(handle -> {
            SyncDao dao = handle.attach(SyncDao.class);
            SyncDao.RunRow run = RunningRun.lock(dao, runId);
            Instant now = clock.instant();
            dao.hashJoinsOnly();

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
            dao.nestedLoopsAgain();
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
            audit.record(handle, AuditAction.SYNC_RUN_FINISHED,
                    AuditEntry.of(AuditAction.SYNC_RUN_FINISHED, runId, caller), caller.caller(),
                    details);
            return response(dao, dao.find(runId).orElseThrow());
        });
    }

    public Page<SyncRunResponse> list(ScopedCaller caller, String source, String status, Pagination page) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only administrators see the sync history.");
        }
        return jdbi.withExtension(SyncDao.class, dao -> {
            List<SyncDao.RunRow> rows = dao.list(source, status, page.limit(), page.offset());
            return Page.of(responses(dao, rows), dao.count(source, status), page);
        });
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
    public static void requireIngest(ScopedCaller caller) {
        if (!caller.hasRole(Role.SERVICE) || !caller.principal().hasScope(INGEST_SCOPE)) {
            throw ApiException.forbidden("Sync runs need a service client token with scope " + INGEST_SCOPE + ".");
        }
    }
}
