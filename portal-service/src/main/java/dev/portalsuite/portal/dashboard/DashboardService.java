package dev.portalsuite.portal.dashboard;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.Scope;
import org.jdbi.v3.core.Jdbi;

/** Totals computed by PostgreSQL over the caller's scope (two indexed queries, nothing loaded into memory). */
public final class DashboardService {
    private final Jdbi jdbi;

    public DashboardService(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public DashboardResponse dashboard(ScopedCaller caller) {
        Scope scope = caller.scope();
        return jdbi.withExtension(DashboardDao.class, dao -> switch (scope.kind()) {
            case ALL -> new DashboardResponse(new DashboardResponse.ScopeInfo("ALL", null, null, null),
                    dao.totals(scope.predicate("o"), null), dao.lastSync(null).orElse(null));
            case ORG -> new DashboardResponse(
                    new DashboardResponse.ScopeInfo("ORG", scope.root().id(), scope.root().type(), scope.root().name()),
                    dao.totals(scope.predicate("o"), scope.rootId()),
                    dao.lastSync(scope.root().msspId()).orElse(null));
            case NONE -> new DashboardResponse(new DashboardResponse.ScopeInfo("NONE", null, null, null),
                    new DashboardResponse.Totals(0, 0, 0, 0, 0, 0), null);
        });
    }
}
