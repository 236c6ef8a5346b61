package dev.portalsuite.freshness.batch;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Batches with their freshness computed in SQL: {@code :today} is the current date in FRESHNESS_ZONE, the
 * thresholds come from the product's policy or the default ({@code :defaultFresh}, {@code :defaultCaution}).
 * The status filter therefore runs in the database, over exactly the rule the responses show.
 */
@RegisterRecordMapper(BatchDao.Row.class)
public interface BatchDao {
    String SELECT = """
            SELECT b.id, b.public_code, b.org_id, b.product, b.batch_identifier, b.butcher_date, b.arrival_date,
                   b.notes, b.created_at, b.updated_at, b.deleted_at,
                   f.days_on_shelf, f.fresh_max_days, f.caution_max_days, s.status
            FROM batches b
            LEFT JOIN policies p ON lower(p.product) = lower(b.product)
            CROSS JOIN LATERAL (
                SELECT GREATEST(0, CAST(:today AS date) - b.arrival_date) AS days_on_shelf,
                       COALESCE(p.fresh_max_days, :defaultFresh) AS fresh_max_days,
                       COALESCE(p.caution_max_days, :defaultCaution) AS caution_max_days) f
            CROSS JOIN LATERAL (
                SELECT CASE WHEN f.days_on_shelf <= f.fresh_max_days THEN 'FRESH'
                            WHEN f.days_on_shelf <= f.caution_max_days THEN 'CAUTION'
                            ELSE 'EXPIRED' END AS status) s
            """;
    String VISIBLE = " b.deleted_at IS NULL AND (CAST(:org AS uuid) IS NULL OR b.org_id = :org) ";
    String SEARCH = """
            WHERE b.deleted_at IS NULL
              AND (CAST(:org AS uuid) IS NULL OR b.org_id = :org)
              AND (CAST(:status AS text) IS NULL OR s.status = :status)
              AND (CAST(:product AS text) IS NULL OR lower(b.product) = lower(:product))
              AND (CAST(:q AS text) IS NULL OR b.product ILIKE :q OR b.batch_identifier ILIKE :q)
            """;

    @SqlQuery(SELECT + " WHERE b.id = :id AND " + VISIBLE)
    Optional<Row> find(@Bind("id") UUID id, @Bind("org") UUID visibleOrg, @BindMethods Today today);

    /** By public code, deleted batches included (the public page says they are gone). */
    @SqlQuery(SELECT + " WHERE b.public_code = :code")
    Optional<Row> findByCode(@Bind("code") String publicCode, @BindMethods Today today);

    @SqlQuery(SELECT + SEARCH + " ORDER BY b.arrival_date DESC, b.created_at DESC, b.id LIMIT :limit OFFSET :offset")
    List<Row> search(@Bind("org") UUID visibleOrg, @Bind("status") String status, @Bind("product") String product,
                     @Bind("q") String likePattern, @BindMethods Today today, @Bind("limit") int limit,
                     @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM (" + SELECT + SEARCH + ") counted")
    long count(@Bind("org") UUID visibleOrg, @Bind("status") String status, @Bind("product") String product,
               @Bind("q") String likePattern, @BindMethods Today today);

    @SqlQuery("""
            SELECT id FROM batches
            WHERE id = :id AND deleted_at IS NULL AND (CAST(:org AS uuid) IS NULL OR org_id = :org)
            FOR UPDATE
            """)
    Optional<UUID> lock(@Bind("id") UUID id, @Bind("org") UUID visibleOrg);

    @SqlUpdate("""
            INSERT INTO batches (id, public_code, org_id, product, batch_identifier, butcher_date, arrival_date, notes,
                                 created_by, created_at, updated_at)
            VALUES (:id, :publicCode, :orgId, :product, :batchIdentifier, :butcherDate, :arrivalDate, :notes,
                    :createdBy, :now, :now)
            """)
    void insert(@Bind("id") UUID id, @Bind("publicCode") String publicCode, @Bind("orgId") UUID orgId,
                @Bind("product") String product, @Bind("batchIdentifier") String batchIdentifier,
                @Bind("butcherDate") LocalDate butcherDate, @Bind("arrivalDate") LocalDate arrivalDate,
                @Bind("notes") String notes, @Bind("createdBy") String createdBy, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE batches SET product = :product, batch_identifier = :batchIdentifier, butcher_date = :butcherDate,
                               arrival_date = :arrivalDate, notes = :notes, updated_at = :now
            WHERE id = :id AND deleted_at IS NULL
            """)
    int update(@Bind("id") UUID id, @Bind("product") String product, @Bind("batchIdentifier") String batchIdentifier,
               @Bind("butcherDate") LocalDate butcherDate, @Bind("arrivalDate") LocalDate arrivalDate,
               @Bind("notes") String notes, @Bind("now") Instant now);

    @SqlUpdate("UPDATE batches SET deleted_at = :now, deleted_by = :actor, updated_at = :now WHERE id = :id AND deleted_at IS NULL")
    int softDelete(@Bind("id") UUID id, @Bind("actor") String actor, @Bind("now") Instant now);

    /** The values the freshness computation needs, bound by name. */
    record Today(LocalDate today, int defaultFresh, int defaultCaution) {
    }

    record Row(UUID id, String publicCode, UUID orgId, String product, String batchIdentifier, LocalDate butcherDate,
               LocalDate arrivalDate, String notes, Instant createdAt, Instant updatedAt, Instant deletedAt,
               int daysOnShelf, int freshMaxDays, int cautionMaxDays, String status) {
    }
}
