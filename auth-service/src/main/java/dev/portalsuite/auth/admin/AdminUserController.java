package dev.portalsuite.auth.admin;

import dev.portalsuite.auth.mfa.stepup.StepUp;
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

/** {@code /api/auth/admin/users}: admin only. */
public final class AdminUserController {
    private static final Set<String> ROLES = Arrays.stream(Role.values()).map(Role::claim).collect(Collectors.toUnmodifiableSet());
    private final AdminUserService admin;
    private final Requests requests;
    private final StepUp stepUp;

    public AdminUserController(AdminUserService admin, Requests requests, StepUp stepUp) {
        this.admin = admin;
        this.requests = requests;
        this.stepUp = stepUp;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/auth/admin/users", this::list, Role.ADMIN);
        routes.get("/api/auth/admin/users/{id}", this::get, Role.ADMIN);
        routes.patch("/api/auth/admin/users/{id}", this::update, Role.ADMIN);
        routes.delete("/api/auth/admin/users/{id}", this::delete, Role.ADMIN);
        routes.post("/api/auth/admin/users/{id}/unlock", this::unlock, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(admin.list(Inputs.queryText(ctx, "q", 200), Inputs.queryEnum(ctx, "role", ROLES), Pagination.from(ctx)));
    }

    private void get(Context ctx) {
        ctx.json(admin.get(Requests.uuidPath(ctx, "id")));
    }

    private void update(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        UpdateUserRequest request = requests.patchBody(ctx, UpdateUserRequest.class, "roles", "disabled");
        Caller caller = Caller.of(ctx);
        if (request.roles() != null || request.orgId() != null || request.orgType() != null) {
            stepUp.require(caller);
        }
        ctx.json(admin.update(caller.userId(), bearerToken(ctx), id, request, caller));
    }

    private void delete(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        admin.delete(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
        ctx.status(204);
    }

    private void unlock(Context ctx) {
        Caller caller = Caller.of(ctx);
        admin.unlock(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
        ctx.status(204);
    }

    /** The caller's own access token (already verified by the access check), to forward to portal-service. */
    private static String bearerToken(Context ctx) {
        return ctx.header("Authorization").substring("Bearer ".length()).trim();
    }

}
