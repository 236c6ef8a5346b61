package dev.portalsuite.console.client;

import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/service-clients}: machine clients (heimdal-sync and the like): create one (its secret is shown
 * once), change its scopes, disable or enable it.
 */
public final class ServiceClientController {
    private final Pages pages;

    public ServiceClientController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/service-clients", this::list);
        routes.post("/admin/service-clients", this::create);
        routes.post("/admin/service-clients/{clientId}", this::update);
    }

    /** One client as the list shows it. */
    public record Client(String clientId, String scopes, boolean disabled, String createdAt) {
    }

    private void requireAdmin(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
    }

    private void list(Context ctx) {
        requireAdmin(ctx);
        show(ctx, 200, Form.empty(), "", null);
    }

    private void show(Context ctx, int status, Form form, String message, Map<String, String> created) {
        List<Client> clients = new ArrayList<>();
        try {
            pages.api(ctx).get("/api/auth/admin/service-clients", Map.of("limit", "200")).body().path("items").forEach(c -> {
                List<String> scopes = new ArrayList<>();
                c.path("scopes").forEach(s -> scopes.add(s.asText()));
                clients.add(new Client(Views.textOr(c, "clientId", ""), String.join(" ", scopes),
                        c.path("disabled").asBoolean(false), Dates.when(Views.text(c, "createdAt"))));
            });
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("clients", clients);
        model.put("form", form);
        model.put("message", message);
        model.put("createdId", created == null ? "" : created.get("clientId"));
        model.put("secret", created == null ? "" : created.get("clientSecret"));
        pages.render(ctx, status, "service-clients.jte", "Service clients", "admin", model);
    }

    private void create(Context ctx) {
        requireAdmin(ctx);
        String clientId = ctx.formParam("clientId") == null ? "" : ctx.formParam("clientId").strip();
        String scopes = ctx.formParam("scopes") == null ? "" : ctx.formParam("scopes").strip();
        Form form = Form.empty().value("clientId", clientId).value("scopes", scopes);
        if (clientId.isEmpty()) {
            form.error("clientId", "Enter a client id, e.g. heimdal-sync.");
        }
        if (form.hasErrors()) {
            show(ctx, 400, form, "", null);
            return;
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/auth/admin/service-clients", Map.of("clientId", clientId, "scopes", split(scopes)));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, form, "The client was not created yet: the sign-in service did not answer.", null);
            return;
        }
        if (result.status() == 201) {
            show(ctx, 201, Form.empty(), "", Map.of("clientId", result.json().path("clientId").asText(),
                    "clientSecret", result.json().path("clientSecret").asText()));
            return;
        }
        result.orFail();
        show(ctx, result.status() == 409 ? 409 : 400, form.errors(result.fieldErrors()), result.detail("Check the highlighted fields."), null);
    }

    private void update(Context ctx) {
        requireAdmin(ctx);
        String clientId = ctx.pathParam("clientId");
        if (!clientId.matches("[A-Za-z0-9._:-]{1,100}")) {
            throw PageException.notFound();
        }
        Map<String, Object> body = new HashMap<>();
        if (ctx.formParam("scopes") != null) {
            body.put("scopes", split(ctx.formParam("scopes")));
        }
        if (ctx.formParam("disabled") != null) {
            body.put("disabled", "true".equals(ctx.formParam("disabled")));
        }
        ApiResult result = pages.api(ctx).patch("/api/auth/admin/service-clients/" + clientId, body);
        if (!result.ok()) {
            result.orFail();
            show(ctx, 400, Form.empty(), clientId + ": " + result.detail("The client could not be saved."), null);
            return;
        }
        Pages.seeOther(ctx, "/admin/service-clients?done=client-saved");
    }

    private static List<String> split(String scopes) {
        return Arrays.stream(scopes.split("[\\s,]+")).filter(s -> !s.isBlank()).toList();
    }
}
