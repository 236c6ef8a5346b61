package dev.portalsuite.auth.login;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /api/auth/login}. */
public final class LoginController {
    private final LoginService logins;
    private final Requests requests;

    public LoginController(LoginService logins, Requests requests) {
        this.logins = logins;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/login", this::login);
    }

    private void login(Context ctx) {
        LoginRequest request = requests.body(ctx, LoginRequest.class);
        ctx.json(logins.login(request, Caller.of(ctx)));
    }
}
