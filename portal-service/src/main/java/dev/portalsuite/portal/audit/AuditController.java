package dev.portalsuite.portal.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
                instant(ctx, "from"), instant(ctx, "to"), Pagination.from(ctx)));
    }

    private static Instant instant(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, "must be an ISO-8601 UTC timestamp such as 2026-11-22T10:15:30Z");
        }
    }
}
