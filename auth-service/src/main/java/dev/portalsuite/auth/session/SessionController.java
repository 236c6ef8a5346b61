package dev.portalsuite.auth.session;

import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** refresh, logout, logout-all, the session list and revoking one session. */
public final class SessionController {
    private final SessionService sessions;
    private final Requests requests;

    public SessionController(SessionService sessions, Requests requests) {
        this.sessions = sessions;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/refresh", this::refresh);
        routes.post("/api/auth/logout", this::logout);
        routes.post("/api/auth/logout-all", this::logoutAll, Access.PERSON);
        routes.get("/api/auth/sessions", this::list, Access.PERSON);
        routes.delete("/api/auth/sessions/{id}", this::revoke, Access.PERSON);
    }

    private void refresh(Context ctx) {
        ctx.json(sessions.refresh(refreshToken(ctx), RequestOrigin.of(ctx)));
    }

    private void logout(Context ctx) {
        sessions.logout(refreshToken(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private void logoutAll(Context ctx) {
        sessions.logoutAll(AccessControl.principal(ctx).userId(), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private void list(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        ctx.json(sessions.list(principal.userId(), principal.sessionUuid(), Pagination.from(ctx)));
    }

    private void revoke(Context ctx) {
        sessions.revoke(AccessControl.principal(ctx).userId(), Requests.uuidPath(ctx, "id"), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private String refreshToken(Context ctx) {
        String token = requests.body(ctx, RefreshTokenRequest.class).refreshToken();
        if (token == null || token.isBlank()) {
            throw ApiException.invalidField("refreshToken", "is required");
        }
        if (token.length() > OpaqueTokens.MAX_LENGTH) {
            throw ApiException.invalidField("refreshToken", "must be at most " + OpaqueTokens.MAX_LENGTH + " characters");
        }
        return token;
    }
}
