package dev.portalsuite.auth.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /api/auth/admin/audit}. */
public final class AuditController {
    private final AuditLog auditLog;

    public AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/auth/admin/audit", this::list, Role.ADMIN);
    }

    private void list(Context ctx) {
        String action = ctx.queryParam("action");
        if (action != null && action.length() > 100) {
            throw ApiException.invalidField("action", "must be at most 100 characters");
        }
        ctx.json(auditLog.find(Requests.uuidQuery(ctx, "userId"), blankToNull(action),
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
