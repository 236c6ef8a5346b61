package dev.portalsuite.portal.dashboard;

import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/portal/dashboard}. */
public final class DashboardController {
    private final DashboardService dashboard;
    private final OrgRefs orgRefs;

    public DashboardController(DashboardService dashboard, OrgRefs orgRefs) {
        this.dashboard = dashboard;
        this.orgRefs = orgRefs;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/dashboard", this::get, Access.AUTHENTICATED);
    }

    private void get(Context ctx) {
        ctx.json(dashboard.dashboard(orgRefs.scoped(Caller.of(ctx))));
    }
}
