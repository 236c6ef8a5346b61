package dev.portalsuite.portal.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/portal/admin/audit}. */
public final class AuditController {
    private final AuditLog auditLog;

    public AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/admin/audit", this::list, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(auditLog.find(Inputs.queryText(ctx, "action", 100), Requests.uuidQuery(ctx, "targetId"),
                Inputs.queryInstant(ctx, "from"), Inputs.queryInstant(ctx, "to"), Pagination.from(ctx)));
    }
}
