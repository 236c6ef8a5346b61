package dev.portalsuite.shared.audit;

import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET <path>}, admin only: the audit log newest first, filtered by the service's filter columns, the
 * {@code action} (one of the codes the log records; any other is a 400), {@code from}/{@code to}, and paged.
 */
public final class AuditController<E extends Record> {
    static final int TEXT_FILTER_MAX = 200;

    private final String path;
    private final AuditLog<E> auditLog;

    public AuditController(String path, AuditLog<E> auditLog) {
        this.path = path;
        this.auditLog = auditLog;
    }

    public void routes(RoutesConfig routes) {
        routes.get(path, this::list, Role.ADMIN);
    }

    private void list(Context ctx) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (AuditSchema.Column column : auditLog.schema().filters()) {
            entry.put(column.field(), column.type() == UUID.class ? Requests.uuidQuery(ctx, column.field())
                    : Inputs.queryText(ctx, column.field(), TEXT_FILTER_MAX));
        }
        AuditFilter filter = new AuditFilter(entry, Inputs.queryEnum(ctx, "action", auditLog.schema().actionCodes()),
                Inputs.queryInstant(ctx, "from"), Inputs.queryInstant(ctx, "to"));
        ctx.json(auditLog.find(filter, Pagination.from(ctx)));
    }
}
