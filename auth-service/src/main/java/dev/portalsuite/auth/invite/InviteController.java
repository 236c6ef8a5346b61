package dev.portalsuite.auth.invite;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/auth/invites}. */
public final class InviteController {
    private final InviteService invites;
    private final Requests requests;

    public InviteController(InviteService invites, Requests requests) {
        this.invites = invites;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/invites", this::create, Role.ADMIN, Role.MSSP, Role.MSP);
        routes.get("/api/auth/invites", this::list, Role.ADMIN, Role.MSSP, Role.MSP);
        routes.delete("/api/auth/invites/{id}", this::revoke, Role.ADMIN, Role.MSSP, Role.MSP);
    }

    private void create(Context ctx) {
        CreateInviteRequest request = requests.body(ctx, CreateInviteRequest.class);
        Caller caller = Caller.of(ctx);
        ctx.status(201).header("Cache-Control", "no-store")
                .json(invites.create(caller.userId(), bearerToken(ctx), request, caller));
    }

    private void list(Context ctx) {
        String status = Inputs.queryEnum(ctx, "status", InviteService.STATUSES);
        ctx.json(invites.list(Caller.of(ctx).userId(), status, Pagination.from(ctx)));
    }

    private void revoke(Context ctx) {
        Caller caller = Caller.of(ctx);
        invites.revoke(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
        ctx.status(204);
    }

    /** The caller's own access token (already verified by the access check), to forward to portal-service. */
    private static String bearerToken(Context ctx) {
        return ctx.header("Authorization").substring("Bearer ".length()).trim();
    }
}
