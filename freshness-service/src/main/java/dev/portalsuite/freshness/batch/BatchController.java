package dev.portalsuite.freshness.batch;

import dev.portalsuite.freshness.policy.FreshnessStatus;
import dev.portalsuite.freshness.policy.PolicyService;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /api/freshness/batches}: admins (every organisation) and inventory users (their own). */
public final class BatchController {
    private static final Set<String> STATUSES = Arrays.stream(FreshnessStatus.values()).map(Enum::name)
            .collect(Collectors.toUnmodifiableSet());

    private final BatchService batches;
    private final Requests requests;

    public BatchController(BatchService batches, Requests requests) {
        this.batches = batches;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/freshness/batches", this::create, Role.ADMIN, Role.INVENTORY);
        routes.get("/api/freshness/batches", this::list, Role.ADMIN, Role.INVENTORY);
        routes.get("/api/freshness/batches/{id}", this::get, Role.ADMIN, Role.INVENTORY);
        routes.patch("/api/freshness/batches/{id}", this::update, Role.ADMIN, Role.INVENTORY);
        routes.delete("/api/freshness/batches/{id}", this::delete, Role.ADMIN, Role.INVENTORY);
    }

    private void create(Context ctx) {
        Caller caller = Caller.of(ctx);
        CreateBatchRequest request = requests.body(ctx, CreateBatchRequest.class);
        BatchResponse created = batches.create(caller, request);
        ctx.status(201).header("Location", "/api/freshness/batches/" + created.id()).json(created);
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        String status = Inputs.queryEnum(ctx, "status", STATUSES);
        String product = Inputs.queryText(ctx, "product", PolicyService.PRODUCT_MAX);
        String query = Inputs.queryText(ctx, "q", 100);
        ctx.json(batches.list(caller, status == null ? null : FreshnessStatus.valueOf(status), product, query,
                Pagination.from(ctx)));
    }

    private void get(Context ctx) {
        ctx.json(batches.get(Caller.of(ctx), Requests.uuidPath(ctx, "id")));
    }

    private void update(Context ctx) {
        Caller caller = Caller.of(ctx);
        var id = Requests.uuidPath(ctx, "id");
        UpdateBatchRequest request = requests.body(ctx, UpdateBatchRequest.class);
        ctx.json(batches.update(caller, id, request));
    }

    private void delete(Context ctx) {
        Caller caller = Caller.of(ctx);
        batches.delete(caller, Requests.uuidPath(ctx, "id"));
        ctx.status(204);
    }
}
