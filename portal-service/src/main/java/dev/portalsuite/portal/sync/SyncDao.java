package dev.portalsuite.portal.sync;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Sync runs and their staging tables. Every statement is set-based: its cost does not grow in statements per record. */
@RegisterRecordMapper(SyncDao.RunRow.class)
@RegisterRecordMapper(SyncDao.Existing.class)
@RegisterRecordMapper(SyncDao.PendingRow.class)
@RegisterRecordMapper(SyncDao.RunError.class)
@RegisterRecordMapper(SyncDao.Leftover.class)
@RegisterRecordMapper(SyncDao.RunCount.class)
public interface SyncDao {
    String RUN_COLUMNS = """
            id, source, mssp_org_id, status, started_by, started_at, last_activity_at, finished_at, deactivate_missing,
            batches, received, inserted, updated, unchanged, rejected, deactivated, reactivated, error
            """;

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM sync_runs WHERE id = :id")
    Optional<RunRow> find(@Bind("id") UUID id);

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM sync_runs WHERE id = :id FOR UPDATE")
    Optional<RunRow> lock(@Bind("id") UUID id);

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM sync_runs WHERE source = :source AND status = 'RUNNING' FOR UPDATE")
    Optional<RunRow> lockRunning(@Bind("source") String source);

    String LIST_FILTER = """
            WHERE (CAST(:source AS text) IS NULL OR source = :source)
              AND (CAST(:status AS text) IS NULL OR status = :status)
            """;

    @SqlQuery("SELECT " + RUN_COLUMNS + " FROM sync_runs " + LIST_FILTER
            + " ORDER BY started_at DESC, seq DESC LIMIT :limit OFFSET :offset")
    List<RunRow> list(@Bind("source") String source, @Bind("status") String status, @Bind("limit") int limit,
                      @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM sync_runs " + LIST_FILTER)
    long count(@Bind("source") String source, @Bind("status") String status);

    /** The first {@code perRun} rejections of each run, in the order they happened. */
    @SqlQuery("""
            SELECT r.run_id, x.external_id, x.reason
            FROM unnest(CAST(:runIds AS uuid[])) AS r(run_id)
            CROSS JOIN LATERAL (SELECT external_id, reason, seq FROM sync_run_rejections j
                                WHERE j.run_id = r.run_id ORDER BY seq LIMIT :perRun) x
            ORDER BY r.run_id, x.seq
            """)
    List<RunError> errors(@Bind("runIds") UUID[] runIds, @Bind("perRun") int perRun);

    @SqlQuery("""
            SELECT run_id, count(*) AS count FROM sync_run_pending
            WHERE run_id = ANY (CAST(:runIds AS uuid[])) GROUP BY run_id
            """)
    List<RunCount> pendingCounts(@Bind("runIds") UUID[] runIds);

    @SqlUpdate("""
            INSERT INTO sync_runs (id, source, mssp_org_id, status, started_by, started_at, last_activity_at)
            VALUES (:id, :source, :msspOrgId, 'RUNNING', :startedBy, :now, :now)
            """)
    void insertRun(@Bind("id") UUID id, @Bind("source") String source, @Bind("msspOrgId") UUID msspOrgId,
                   @Bind("startedBy") String startedBy, @Bind("now") Instant now);

    @SqlUpdate("UPDATE sync_runs SET status = 'ABANDONED', finished_at = :now, error = :error WHERE id = :id")
    void abandon(@Bind("id") UUID id, @Bind("error") String error, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE sync_runs SET batches = batches + 1, received = received + :received, inserted = inserted + :inserted,
                                 updated = updated + :updated, unchanged = unchanged + :unchanged,
                                 rejected = rejected + :rejected, last_activity_at = :now
            WHERE id = :id
            """)
    void recordBatch(@Bind("id") UUID id, @Bind("received") int received, @Bind("inserted") int inserted,
                     @Bind("updated") int updated, @Bind("unchanged") int unchanged, @Bind("rejected") int rejected,
                     @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE sync_runs SET status = :status, finished_at = :now, last_activity_at = :now,
                                 deactivate_missing = :deactivateMissing, rejected = rejected + :rejected,
                                 deactivated = :deactivated, reactivated = :reactivated, error = :error
            WHERE id = :id
            """)
    void finish(@Bind("id") UUID id, @Bind("status") String status, @Bind("deactivateMissing") boolean deactivateMissing,
                @Bind("rejected") int rejected, @Bind("deactivated") int deactivated,
                @Bind("reactivated") int reactivated, @Bind("error") String error, @Bind("now") Instant now);

    @SqlQuery("SELECT external_id FROM orgs WHERE id = :id")
    Optional<String> externalIdOf(@Bind("id") UUID orgId);

    /** The source's organisations named by {@code :ids}, with whether anything hangs below them. */
    @SqlQuery("""
            SELECT o.external_id, o.id, o.type, o.mssp_id,
                   EXISTS (SELECT 1 FROM orgs c WHERE c.parent_id = o.id) AS has_children
            FROM orgs o
            WHERE o.external_source = :source AND o.external_id = ANY (CAST(:ids AS text[]))
            """)
    List<Existing> existing(@Bind("source") String source, @Bind("ids") String[] externalIds);

    /**
     * Removes and returns the run's held-back clients that this batch supersedes (same external id) or may
     * resolve (their parent's external id is in the batch); the service puts back those still waiting.
     */
    @SqlQuery("""
            DELETE FROM sync_run_pending
            WHERE run_id = :runId AND (external_id = ANY (CAST(:ids AS text[])) OR parent_external_id = ANY (CAST(:ids AS text[])))
            RETURNING external_id, parent_external_id, name, license_type, spla_license, purchased_licenses,
                      active_licenses, devices
            """)
    List<PendingRow> takePending(@Bind("runId") UUID runId, @Bind("ids") String[] externalIds);

    @SqlUpdate("""
            INSERT INTO sync_run_pending (run_id, external_id, parent_external_id, name, license_type, spla_license,
                                          purchased_licenses, active_licenses, devices)
            SELECT :runId, t.* FROM unnest(CAST(:ids AS text[]), CAST(:parents AS text[]), CAST(:names AS text[]),
                                           CAST(:licenseTypes AS text[]), CAST(:spla AS boolean[]),
                                           CAST(:purchased AS integer[]), CAST(:active AS integer[]),
                                           CAST(:devices AS integer[])) AS t
            ON CONFLICT (run_id, external_id) DO UPDATE SET
                parent_external_id = excluded.parent_external_id, name = excluded.name,
                license_type = excluded.license_type, spla_license = excluded.spla_license,
                purchased_licenses = excluded.purchased_licenses, active_licenses = excluded.active_licenses,
                devices = excluded.devices
            """)
    void holdBack(@Bind("runId") UUID runId, @Bind("ids") String[] ids, @Bind("parents") String[] parents,
                  @Bind("names") String[] names, @Bind("licenseTypes") String[] licenseTypes,
                  @Bind("spla") Boolean[] spla, @Bind("purchased") Integer[] purchased,
                  @Bind("active") Integer[] active, @Bind("devices") Integer[] devices);

    /**
     * THE upsert of a batch: one statement for every record, whatever the batch size. Rows whose values do
     * not change are not touched (and not returned); returned rows say whether they were inserted.
     * Foreign keys are checked at the end of the statement, so a client may precede its new MSP.
     */
    @SqlQuery("""
            INSERT INTO orgs AS o (id, type, name, parent_id, parent_type, mssp_id, msp_id, status, license_type,
                                   spla_license, purchased_licenses, active_licenses, devices, external_source,
                                   external_id, last_synced_at, created_at, updated_at)
            SELECT t.id, t.type, t.name, t.parent_id, t.parent_type, t.mssp_id, t.msp_id, 'ACTIVE', t.license_type,
                   t.spla_license, t.purchased_licenses, t.active_licenses, t.devices, :source, t.external_id,
                   :now, :now, :now
            FROM unnest(CAST(:ids AS uuid[]), CAST(:externalIds AS text[]), CAST(:types AS text[]),
                        CAST(:names AS text[]), CAST(:parentIds AS uuid[]), CAST(:parentTypes AS text[]),
                        CAST(:msspIds AS uuid[]), CAST(:mspIds AS uuid[]), CAST(:licenseTypes AS text[]),
                        CAST(:spla AS boolean[]), CAST(:purchased AS integer[]), CAST(:active AS integer[]),
                        CAST(:devices AS integer[]))
                 AS t(id, external_id, type, name, parent_id, parent_type, mssp_id, msp_id, license_type, spla_license,
                      purchased_licenses, active_licenses, devices)
            ON CONFLICT (external_source, external_id) DO UPDATE SET
                type = excluded.type, name = excluded.name, parent_id = excluded.parent_id,
                parent_type = excluded.parent_type, mssp_id = excluded.mssp_id, msp_id = excluded.msp_id,
                license_type = excluded.license_type, spla_license = excluded.spla_license,
                purchased_licenses = excluded.purchased_licenses, active_licenses = excluded.active_licenses,
                devices = excluded.devices, last_synced_at = excluded.last_synced_at, updated_at = excluded.updated_at
            WHERE (o.type, o.name, o.parent_id, o.parent_type, o.mssp_id, o.msp_id, o.license_type, o.spla_license,
                   o.purchased_licenses, o.active_licenses, o.devices)
                  IS DISTINCT FROM
                  (excluded.type, excluded.name, excluded.parent_id, excluded.parent_type, excluded.mssp_id,
                   excluded.msp_id, excluded.license_type, excluded.spla_license, excluded.purchased_licenses,
                   excluded.active_licenses, excluded.devices)
            RETURNING (xmax = 0) AS inserted
            """)
    List<Boolean> upsert(@Bind("source") String source, @Bind("now") Instant now, @Bind("ids") UUID[] ids,
                         @Bind("externalIds") String[] externalIds, @Bind("types") String[] types,
                         @Bind("names") String[] names, @Bind("parentIds") UUID[] parentIds,
                         @Bind("parentTypes") String[] parentTypes, @Bind("msspIds") UUID[] msspIds,
                         @Bind("mspIds") UUID[] mspIds, @Bind("licenseTypes") String[] licenseTypes,
                         @Bind("spla") Boolean[] spla, @Bind("purchased") Integer[] purchased,
                         @Bind("active") Integer[] active, @Bind("devices") Integer[] devices);

    /**
     * Remembers what one batch received (every external id it carried or resolved) and accepted (wrote): one row per
     * batch, so the cost does not grow in index entries per record. An id is accepted by the run when any batch
     * accepted it.
     */
    @SqlUpdate("""
            INSERT INTO sync_run_seen_batches (run_id, received, accepted)
            VALUES (:runId, CAST(:received AS text[]), CAST(:accepted AS text[]))
            """)
    void markSeen(@Bind("runId") UUID runId, @Bind("received") String[] received, @Bind("accepted") String[] accepted);

    @SqlUpdate("""
            INSERT INTO sync_run_rejections (run_id, external_id, reason)
            SELECT :runId, t.external_id, t.reason
            FROM unnest(CAST(:ids AS text[]), CAST(:reasons AS text[])) WITH ORDINALITY AS t(external_id, reason, n)
            ORDER BY t.n
            """)
    void reject(@Bind("runId") UUID runId, @Bind("ids") String[] externalIds, @Bind("reasons") String[] reasons);

    /**
     * At finish: the clients still waiting, with whether their parent was received (and rejected) at all.
     * The statements of a finish compare a run's received ids with set operations (INTERSECT, EXCEPT) and run
     * with {@link #hashJoinsOnly}.
     */
    @SqlQuery("""
            WITH taken AS (DELETE FROM sync_run_pending p WHERE p.run_id = :runId
                           RETURNING p.external_id, p.parent_external_id),
                 received_parents AS (SELECT t.parent_external_id FROM taken t
                                      INTERSECT
                                      SELECT unnest(b.received) FROM sync_run_seen_batches b WHERE b.run_id = :runId)
            SELECT t.external_id, t.parent_external_id, r.parent_external_id IS NOT NULL AS parent_received
            FROM taken t LEFT JOIN received_parents r ON r.parent_external_id = t.parent_external_id
            """)
    List<Leftover> takeLeftovers(@Bind("runId") UUID runId);

    /** Organisations written by the run that were INACTIVE come back. */
    @SqlUpdate("""
            UPDATE orgs o SET status = 'ACTIVE', updated_at = :now
            FROM (SELECT i.external_id FROM orgs i
                  WHERE i.external_source = :source AND i.mssp_id = :msspId AND i.status = 'INACTIVE'
                  INTERSECT
                  SELECT unnest(b.accepted) FROM sync_run_seen_batches b WHERE b.run_id = :runId) back
            WHERE o.external_source = :source AND o.external_id = back.external_id
              AND o.mssp_id = :msspId AND o.status = 'INACTIVE'
            """)
    int reactivateSeen(@Bind("runId") UUID runId, @Bind("source") String source, @Bind("msspId") UUID msspId,
                       @Bind("now") Instant now);

    /** The source's active organisations under the MSSP whose external id the run never received. */
    @SqlQuery("""
            UPDATE orgs o SET status = 'INACTIVE', updated_at = :now
            FROM (SELECT m.external_id FROM orgs m
                  WHERE m.external_source = :source AND m.mssp_id = :msspId AND m.id <> :msspId AND m.status = 'ACTIVE'
                  EXCEPT
                  SELECT unnest(b.received) FROM sync_run_seen_batches b WHERE b.run_id = :runId) missing
            WHERE o.external_source = :source AND o.external_id = missing.external_id
              AND o.mssp_id = :msspId AND o.status = 'ACTIVE'
            RETURNING o.id
            """)
    List<UUID> deactivateMissing(@Bind("runId") UUID runId, @Bind("source") String source,
                                 @Bind("msspId") UUID msspId, @Bind("now") Instant now);

    /**
     * Until {@link #nestedLoopsAgain}: no nested loops. The planner knows nothing of the length of the arrays in
     * {@code sync_run_seen_batches}, and right after a first sync the organisations' statistics still describe a
     * nearly empty table; a nested loop between a run's 100,000 ids and its 100,000 organisations would take
     * minutes where a hash join takes a fraction of a second.
     */
    @SqlUpdate("SET LOCAL enable_nestloop = off")
    void hashJoinsOnly();

    /** Ends {@link #hashJoinsOnly} for the rest of the transaction. */
    @SqlUpdate("SET LOCAL enable_nestloop = on")
    void nestedLoopsAgain();

    @SqlUpdate("DELETE FROM sync_run_seen_batches WHERE run_id = :runId")
    void clearSeen(@Bind("runId") UUID runId);

    @SqlUpdate("DELETE FROM sync_run_pending WHERE run_id = :runId")
    int clearPending(@Bind("runId") UUID runId);

    record RunRow(UUID id, String source, UUID msspOrgId, String status, String startedBy, Instant startedAt,
                  Instant lastActivityAt, Instant finishedAt, Boolean deactivateMissing, int batches, int received,
                  int inserted, int updated, int unchanged, int rejected, int deactivated, int reactivated,
                  String error) {
    }

    record PendingRow(String externalId, String parentExternalId, String name, String licenseType, boolean splaLicense,
                      int purchasedLicenses, int activeLicenses, int devices) {
        SyncRecord toRecord() {
            return new SyncRecord(null, externalId, "CLIENT", name, parentExternalId, licenseType, splaLicense,
                    purchasedLicenses, activeLicenses, devices);
        }
    }

    /** An organisation of the run's source that already exists. */
    record Existing(String externalId, UUID id, String type, UUID msspId, boolean hasChildren) {
    }

    record RunError(UUID runId, String externalId, String reason) {
    }

    record RunCount(UUID runId, long count) {
    }

    record Leftover(String externalId, String parentExternalId, boolean parentReceived) {
    }
}
