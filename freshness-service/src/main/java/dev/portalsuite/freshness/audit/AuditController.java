package dev.portalsuite.freshness.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
                Inputs.queryEnum(ctx, "action", ACTIONS), instant(ctx, "from"), instant(ctx, "to"), Pagination.from(ctx)));
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
