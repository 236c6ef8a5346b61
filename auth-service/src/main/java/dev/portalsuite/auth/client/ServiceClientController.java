package dev.portalsuite.auth.client;

import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** {@code POST /api/auth/token} and {@code /api/auth/admin/service-clients}. */
public final class ServiceClientController {
    private final ServiceClientService clients;
    private final Requests requests;
    private final StepUp stepUp;

    public ServiceClientController(ServiceClientService clients, Requests requests, StepUp stepUp) {
        this.clients = clients;
        this.requests = requests;
        this.stepUp = stepUp;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/token", this::token);
        routes.post("/api/auth/admin/service-clients", this::create, Role.ADMIN);
        routes.get("/api/auth/admin/service-clients", this::list, Role.ADMIN);
        routes.patch("/api/auth/admin/service-clients/{clientId}", this::update, Role.ADMIN);
    }

    private void token(Context ctx) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            throw OAuthErrors.unsupportedMediaType();
        }
        ClientCredentials credentials = credentials(ctx);
        ClientTokenResponse response = clients.issueToken(ctx.formParam("grant_type"), credentials,
                ctx.formParam("scope"), Caller.of(ctx));
        ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache").json(response);
    }

    /** HTTP Basic (RFC 6749 section 2.3.1: form-urlencoded id and secret) or the form body, never both. */
    private static ClientCredentials credentials(Context ctx) {
        String authorization = ctx.header("Authorization");
        String formId = ctx.formParam("client_id");
        String formSecret = ctx.formParam("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (formSecret != null) {
                throw OAuthErrors.invalidRequest("Use either HTTP Basic or client_secret in the body, not both.");
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw OAuthErrors.invalidRequest("Malformed HTTP Basic credentials.");
                }
                return new ClientCredentials(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw OAuthErrors.invalidRequest("Malformed HTTP Basic credentials.");
            }
        }
        return formId == null && formSecret == null ? null : new ClientCredentials(formId, formSecret);
    }

    private void create(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        CreateServiceClientRequest request = requests.body(ctx, CreateServiceClientRequest.class);
        ctx.status(201).json(clients.create(caller.userId(), request, caller));
    }

    private void list(Context ctx) {
        ctx.json(clients.list(Pagination.from(ctx)));
    }

    private void update(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        String clientId = ctx.pathParam("clientId");
        UpdateServiceClientRequest request = requests.patchBody(ctx, UpdateServiceClientRequest.class, "scopes", "disabled");
        ctx.json(clients.update(caller.userId(), clientId, request, caller));
    }
}
