package dev.portalsuite.portal.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code GET /api/portal/admin/audit}. */
public final class AuditController {
    /** The codes {@code action} may filter on: exactly those the log records. */
    static final Set<String> ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::code)
            .collect(Collectors.toUnmodifiableSet());

    private final AuditLog auditLog;

    public AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/admin/audit", this::list, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(auditLog.find(Inputs.queryEnum(ctx, "action", ACTIONS), Requests.uuidQuery(ctx, "targetId"),
                Inputs.queryInstant(ctx, "from"), Inputs.queryInstant(ctx, "to"), Pagination.from(ctx)));
    }
}
