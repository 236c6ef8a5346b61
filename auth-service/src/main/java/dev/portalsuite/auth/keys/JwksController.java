package dev.portalsuite.auth.keys;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /.well-known/jwks.json}. */
public final class JwksController {
    private final Map<String, Object> jwks;

    public JwksController(KeyRing keys) {
        this.jwks = keys.jwks();
    }

    public void routes(RoutesConfig routes) {
        routes.get("/.well-known/jwks.json", this::jwks);
    }

    private void jwks(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=300").json(jwks);
    }
}
