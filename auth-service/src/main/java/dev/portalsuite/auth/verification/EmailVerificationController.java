package dev.portalsuite.auth.verification;

import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** verify an address with a mailed link; ask for a new link. */
public final class EmailVerificationController {
    private final EmailVerificationService verification;
    private final Requests requests;

    public EmailVerificationController(EmailVerificationService verification, Requests requests) {
        this.verification = verification;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/email/verify", this::verify);
        routes.post("/api/auth/me/email/verification", this::resend, Access.PERSON);
    }

    private void verify(Context ctx) {
        verification.verify(requests.body(ctx, VerifyEmailRequest.class), Caller.of(ctx));
        ctx.status(204);
    }

    private void resend(Context ctx) {
        Caller caller = Caller.of(ctx);
        verification.resend(caller.userId(), caller);
        ctx.status(202).json(Map.of());
    }
}
