package dev.portalsuite.auth.session;

import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
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
        ctx.json(sessions.refresh(refreshToken(ctx), Caller.of(ctx)));
    }

    private void logout(Context ctx) {
        sessions.logout(refreshToken(ctx), Caller.of(ctx));
        ctx.status(204);
    }

    private void logoutAll(Context ctx) {
        Caller caller = Caller.of(ctx);
        sessions.logoutAll(caller.userId(), caller);
        ctx.status(204);
    }

    private void list(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(sessions.list(caller.userId(), caller.principal().sessionUuid(), Pagination.from(ctx)));
    }

    private void revoke(Context ctx) {
        Caller caller = Caller.of(ctx);
        sessions.revoke(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
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
