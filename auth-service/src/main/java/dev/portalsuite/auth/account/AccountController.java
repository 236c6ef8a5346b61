package dev.portalsuite.auth.account;

import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Caller;
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
        ctx.status(201).json(accounts.register(request, Caller.of(ctx)));
    }

    private void me(Context ctx) {
        // the access check read the signed-in user along with the session (SessionService.signedIn)
        ctx.json(AccessControl.sessionFound(ctx, UserResponse.class).orElseThrow());
    }

    private void updateMe(Context ctx) {
        UpdateMeRequest request = requests.patchBody(ctx, UpdateMeRequest.class, "fullName", "preferences");
        Caller caller = Caller.of(ctx);
        ctx.json(accounts.updateMe(caller.userId(), request, caller));
    }

    private void changePassword(Context ctx) {
        ChangePasswordRequest request = requests.body(ctx, ChangePasswordRequest.class);
        Caller caller = Caller.of(ctx);
        accounts.changePassword(caller.userId(), caller.principal().sessionUuid(), request, caller);
        ctx.status(204);
    }
}
