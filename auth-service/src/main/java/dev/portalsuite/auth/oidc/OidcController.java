package dev.portalsuite.auth.oidc;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /api/auth/oidc/{provider}}. */
public final class OidcController {
    private final OidcService oidc;
    private final Requests requests;

    public OidcController(OidcService oidc, Requests requests) {
        this.oidc = oidc;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/oidc/{provider}", this::signIn);
    }

    private void signIn(Context ctx) {
        String provider = ctx.pathParam("provider");
        OidcSignInRequest request = requests.body(ctx, OidcSignInRequest.class);
        ctx.json(oidc.signIn(provider, request, Caller.of(ctx)));
    }
}
