package dev.portalsuite.auth.password;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** forgot password, reset password. */
public final class PasswordResetController {
    private final PasswordResetService resets;
    private final Requests requests;

    public PasswordResetController(PasswordResetService resets, Requests requests) {
        this.resets = resets;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/password/forgot", this::forgot);
        routes.post("/api/auth/password/reset", this::reset);
    }

    private void forgot(Context ctx) {
        resets.forgot(requests.body(ctx, ForgotPasswordRequest.class), Caller.of(ctx));
        ctx.status(202).json(Map.of());
    }

    private void reset(Context ctx) {
        resets.reset(requests.body(ctx, ResetPasswordRequest.class), Caller.of(ctx));
        ctx.status(204);
    }
}
