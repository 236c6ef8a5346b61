package dev.portalsuite.portal.org;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Organisation rows. {@code <scope>} is one of the constant predicates of
 * {@link dev.portalsuite.portal.scope.Scope#predicate(String)} (bound with {@code :scopeOrg}), and
 * {@code <orderBy>} one of {@link OrgQuery#orderBy()}'s constants: never request text.
 */
@RegisterRecordMapper(OrgDao.Row.class)
@RegisterRecordMapper(OrgDao.Counts.class)
public interface OrgDao {
    String COLUMNS = """
            o.id, o.type, o.name, o.parent_id, o.parent_type, o.mssp_id, o.msp_id, o.status, o.license_type, o.spla_license,
            o.purchased_licenses, o.active_licenses, o.devices, o.external_source, o.external_id, o.last_synced_at,
            o.created_at, o.updated_at
            """;
    String FILTER = """
            WHERE <scope>
              AND (CAST(:type AS text) IS NULL OR o.type = :type)
              AND (CAST(:status AS text) IS NULL OR o.status = :status)
              AND (CAST(:parentId AS uuid) IS NULL OR o.parent_id = :parentId)
              AND (CAST(:q AS text) IS NULL OR o.name ILIKE :q)
            """;

    @SqlQuery("SELECT " + COLUMNS + " FROM orgs o " + FILTER + " ORDER BY <orderBy> LIMIT :limit OFFSET :offset")
    List<Row> list(@Define("scope") String scope, @Bind("scopeOrg") UUID scopeOrg, @Bind("type") String type,
                   @Bind("status") String status, @Bind("parentId") UUID parentId, @Bind("q") String likePattern,
                   @Define("orderBy") String orderBy, @Bind("limit") int limit, @Bind("offset") int offset);

    /** Keyset page: {@code <after>} is one of {@link OrgQuery#after()}'s constants. */
    @SqlQuery("SELECT " + COLUMNS + " FROM orgs o " + FILTER + " AND <after> ORDER BY <orderBy> LIMIT :limit")
    List<Row> listAfter(@Define("scope") String scope, @Bind("scopeOrg") UUID scopeOrg, @Bind("type") String type,
                        @Bind("status") String status, @Bind("parentId") UUID parentId, @Bind("q") String likePattern,
                        @Define("orderBy") String orderBy, @Define("after") String after, @Bind("afterKey") String afterKey,
                        @Bind("afterId") UUID afterId, @Bind("limit") int limit);

    @SqlQuery("SELECT count(*) FROM orgs o " + FILTER)
    long count(@Define("scope") String scope, @Bind("scopeOrg") UUID scopeOrg, @Bind("type") String type,
               @Bind("status") String status, @Bind("parentId") UUID parentId, @Bind("q") String likePattern);

    @SqlQuery("SELECT " + COLUMNS + " FROM orgs o WHERE o.id = :id")
    Optional<Row> find(@Bind("id") UUID id);

    @SqlQuery("SELECT " + COLUMNS + " FROM orgs o WHERE o.id = :id FOR UPDATE")
    Optional<Row> lock(@Bind("id") UUID id);


    /** Active organisations strictly below the subtree root {@code :scopeOrg}. */
    @SqlQuery("""
            SELECT count(*) FILTER (WHERE o.type = 'MSP') AS msps, count(*) FILTER (WHERE o.type = 'CLIENT') AS clients
            FROM orgs o WHERE <scope> AND o.id <> :scopeOrg AND o.status = 'ACTIVE'
            """)
    Counts childCounts(@Define("scope") String subtree, @Bind("scopeOrg") UUID root);

    @SqlUpdate("""
            INSERT INTO orgs (id, type, name, parent_id, parent_type, mssp_id, msp_id, status, license_type, spla_license,
                              purchased_licenses, active_licenses, devices, external_source, external_id,
                              created_at, updated_at)
            VALUES (:id, :type, :name, :parentId, :parentType, :msspId, :mspId, 'ACTIVE', :licenseType, :splaLicense,
                    :purchasedLicenses, :activeLicenses, :devices, :externalSource, :externalId, :now, :now)
            """)
    void insert(@Bind("id") UUID id, @Bind("type") String type, @Bind("name") String name,
                @Bind("parentId") UUID parentId, @Bind("parentType") String parentType, @Bind("msspId") UUID msspId,
                @Bind("mspId") UUID mspId, @Bind("licenseType") String licenseType,
                @Bind("splaLicense") boolean splaLicense, @Bind("purchasedLicenses") int purchasedLicenses,
                @Bind("activeLicenses") int activeLicenses, @Bind("devices") int devices,
                @Bind("externalSource") String externalSource, @Bind("externalId") String externalId,
                @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE orgs SET name = :name, status = :status, license_type = :licenseType, spla_license = :splaLicense,
                            purchased_licenses = :purchasedLicenses, active_licenses = :activeLicenses, devices = :devices,
                            parent_id = :parentId, parent_type = :parentType, mssp_id = :msspId, msp_id = :mspId,
                            updated_at = :now
            WHERE id = :id
            """)
    int update(@Bind("id") UUID id, @Bind("name") String name, @Bind("status") String status,
               @Bind("licenseType") String licenseType, @Bind("splaLicense") boolean splaLicense,
               @Bind("purchasedLicenses") int purchasedLicenses, @Bind("activeLicenses") int activeLicenses,
               @Bind("devices") int devices, @Bind("parentId") UUID parentId, @Bind("parentType") String parentType,
               @Bind("msspId") UUID msspId, @Bind("mspId") UUID mspId, @Bind("now") Instant now);

    /** Archives every still-active organisation of the subtree rooted at {@code :scopeOrg}. */
    @SqlUpdate("UPDATE orgs o SET status = 'INACTIVE', updated_at = :now WHERE <scope> AND o.status = 'ACTIVE'")
    int archiveSubtree(@Define("scope") String subtree, @Bind("scopeOrg") UUID root, @Bind("now") Instant now);

    record Row(UUID id, String type, String name, UUID parentId, String parentType, UUID msspId, UUID mspId, String status,
               String licenseType, boolean splaLicense, int purchasedLicenses, int activeLicenses, int devices,
               String externalSource, String externalId, Instant lastSyncedAt, Instant createdAt, Instant updatedAt) {
    }

    record Counts(long msps, long clients) {
    }
}
