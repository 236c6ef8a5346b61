package dev.portalsuite.portal.dashboard;

import dev.portalsuite.portal.web.Callers;
import dev.portalsuite.shared.security.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/portal/dashboard}. */
public final class DashboardController {
    private final DashboardService dashboard;
    private final Callers callers;

    public DashboardController(DashboardService dashboard, Callers callers) {
        this.dashboard = dashboard;
        this.callers = callers;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/dashboard", this::get, Access.AUTHENTICATED);
    }

    private void get(Context ctx) {
        ctx.json(dashboard.dashboard(callers.of(ctx)));
    }
}
