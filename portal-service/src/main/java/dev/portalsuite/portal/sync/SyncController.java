package dev.portalsuite.portal.sync;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/portal/sync-runs}: ingest for service clients, history for admins. */
public final class SyncController {
    private final SyncService sync;
    private final Requests requests;

    public SyncController(SyncService sync, Requests requests) {
        this.sync = sync;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/portal/sync-runs", this::start, Role.SERVICE);
        routes.post("/api/portal/sync-runs/{id}/records", this::records, Role.SERVICE);
        routes.post("/api/portal/sync-runs/{id}/finish", this::finish, Role.SERVICE);
        routes.get("/api/portal/sync-runs", this::list, Role.ADMIN);
    }

    private void start(Context ctx) {
        ScopedCaller caller = ingester(ctx);
        StartRunRequest request = requests.body(ctx, StartRunRequest.class);
        ctx.status(201).json(sync.start(caller, request));
    }

    private void records(Context ctx) {
        ScopedCaller caller = ingester(ctx);
        var id = Requests.uuidPath(ctx, "id");
        RecordsRequest request = requests.body(ctx, RecordsRequest.class);
        ctx.json(sync.records(caller, id, request));
    }

    private void finish(Context ctx) {
        ScopedCaller caller = ingester(ctx);
        var id = Requests.uuidPath(ctx, "id");
        FinishRunRequest request = requests.body(ctx, FinishRunRequest.class);
        ctx.json(sync.finish(caller, id, request));
    }

    /** The scope is checked before anything else is read: a token without it learns nothing. */
    private static ScopedCaller ingester(Context ctx) {
        ScopedCaller caller = ScopedCaller.withoutOrg(Caller.of(ctx));
        SyncService.requireIngest(caller);
        return caller;
    }

    private void list(Context ctx) {
        String source = Inputs.queryText(ctx, "source", 50);
        if (source != null && !SourceName.isValid(source)) {
            throw ApiException.invalidField("source", "must be lower-case letters, digits, '-' or '_'");
        }
        String status = Inputs.queryEnum(ctx, "status", SyncService.STATUSES);
        Pagination page = Pagination.from(ctx);
        ctx.json(sync.list(ScopedCaller.withoutOrg(Caller.of(ctx)), source, status, page));
    }
}
