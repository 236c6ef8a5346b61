package dev.portalsuite.freshness.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code GET /api/freshness/admin/audit}: admin only. */
public final class AuditController {
    private static final Set<String> ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::code)
            .collect(Collectors.toUnmodifiableSet());

    private final AuditLog auditLog;

    public AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/freshness/admin/audit", this::list, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(auditLog.find(Requests.uuidQuery(ctx, "batchId"), Requests.uuidQuery(ctx, "orgId"),
                Inputs.queryEnum(ctx, "action", ACTIONS), Inputs.queryInstant(ctx, "from"), Inputs.queryInstant(ctx, "to"), Pagination.from(ctx)));
    }
}
