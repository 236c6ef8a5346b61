package dev.portalsuite.auth.admin;

import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/auth/admin/users}: admin only. */
public final class AdminUserController {
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
        ctx.json(admin.list(ctx.queryParam("q"), blankToNull(ctx.queryParam("role")), Pagination.from(ctx)));
    }

    private void get(Context ctx) {
        ctx.json(admin.get(Requests.uuidPath(ctx, "id")));
    }

    private void update(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        UpdateUserRequest request = requests.patchBody(ctx, UpdateUserRequest.class, "roles", "disabled");
        if (request.roles() != null || request.orgId() != null || request.orgType() != null) {
            stepUp.require(AccessControl.principal(ctx));
        }
        ctx.json(admin.update(AccessControl.principal(ctx).userId(), bearerToken(ctx), id, request, RequestOrigin.of(ctx)));
    }

    private void delete(Context ctx) {
        stepUp.require(AccessControl.principal(ctx));
        admin.delete(AccessControl.principal(ctx).userId(), Requests.uuidPath(ctx, "id"), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private void unlock(Context ctx) {
        admin.unlock(AccessControl.principal(ctx).userId(), Requests.uuidPath(ctx, "id"), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    /** The caller's own access token (already verified by the access check), to forward to portal-service. */
    private static String bearerToken(Context ctx) {
        return ctx.header("Authorization").substring("Bearer ".length()).trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
