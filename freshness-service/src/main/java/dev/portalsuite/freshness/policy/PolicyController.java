package dev.portalsuite.freshness.policy;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/freshness/policies}: admins and inventory users read, admins change. */
public final class PolicyController {
    private final PolicyService policies;
    private final Requests requests;

    public PolicyController(PolicyService policies, Requests requests) {
        this.policies = policies;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/freshness/policies", this::list, Role.ADMIN, Role.INVENTORY);
        routes.put("/api/freshness/policies/{product}", this::put, Role.ADMIN);
        routes.delete("/api/freshness/policies/{product}", this::delete, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(policies.list());
    }

    private void put(Context ctx) {
        PolicyRequest request = requests.body(ctx, PolicyRequest.class);
        ctx.json(policies.put(Caller.of(ctx), ctx.pathParam("product"), request));
    }

    private void delete(Context ctx) {
        policies.delete(Caller.of(ctx), ctx.pathParam("product"));
        ctx.status(204);
    }
}
