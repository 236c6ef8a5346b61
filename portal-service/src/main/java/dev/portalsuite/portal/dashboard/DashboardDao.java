package dev.portalsuite.portal.dashboard;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** {@code <scope>} is a constant predicate of {@link dev.portalsuite.portal.scope.Scope#predicate(String)}. */
@RegisterRecordMapper(DashboardResponse.Totals.class)
@RegisterRecordMapper(DashboardResponse.LastSync.class)
public interface DashboardDao {

    @SqlQuery("""
            SELECT count(*) FILTER (WHERE o.type = 'MSSP') AS mssps,
                   count(*) FILTER (WHERE o.type = 'MSP') AS msps,
                   count(*) FILTER (WHERE o.type = 'CLIENT') AS clients,
                   COALESCE(sum(o.purchased_licenses), 0) AS purchased_licenses,
                   COALESCE(sum(o.active_licenses), 0) AS active_licenses,
                   COALESCE(sum(o.devices), 0) AS devices
            FROM orgs o
            WHERE <scope> AND o.status = 'ACTIVE'
            """)
    DashboardResponse.Totals totals(@Define("scope") String scope, @Bind("scopeOrg") UUID scopeOrg);

    /** The latest finished run feeding the MSSP {@code :msspId}, or of any MSSP when it is null. */
    @SqlQuery("""
            SELECT id, source, status, finished_at FROM sync_runs
            WHERE finished_at IS NOT NULL AND (CAST(:msspId AS uuid) IS NULL OR mssp_org_id = :msspId)
            ORDER BY finished_at DESC, seq DESC LIMIT 1
            """)
    Optional<DashboardResponse.LastSync> lastSync(@Bind("msspId") UUID msspId);
}
