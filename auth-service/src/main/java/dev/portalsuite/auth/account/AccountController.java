package dev.portalsuite.auth.account;

import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** register, me, profile update, password change. */
public final class AccountController {
    private final AccountService accounts;
    private final Requests requests;

    public AccountController(AccountService accounts, Requests requests) {
        this.accounts = accounts;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/register", this::register);
        routes.get("/api/auth/me", this::me, Access.PERSON);
        routes.patch("/api/auth/me", this::updateMe, Access.PERSON);
        routes.post("/api/auth/me/password", this::changePassword, Access.PERSON);
    }

    private void register(Context ctx) {
        RegisterRequest request = requests.body(ctx, RegisterRequest.class);
        ctx.status(201).json(accounts.register(request, RequestOrigin.of(ctx)));
    }

    private void me(Context ctx) {
        ctx.json(accounts.me(AccessControl.principal(ctx).userId()));
    }

    private void updateMe(Context ctx) {
        UpdateMeRequest request = requests.patchBody(ctx, UpdateMeRequest.class, "fullName", "preferences");
        ctx.json(accounts.updateMe(AccessControl.principal(ctx).userId(), request, RequestOrigin.of(ctx)));
    }

    private void changePassword(Context ctx) {
        ChangePasswordRequest request = requests.body(ctx, ChangePasswordRequest.class);
        Principal principal = AccessControl.principal(ctx);
        accounts.changePassword(principal.userId(), principal.sessionUuid(), request, RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
