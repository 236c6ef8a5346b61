package dev.portalsuite.console.policy;

import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code /admin/policies}: freshness policies per product (days fresh, days until expired). */
public final class PolicyController {
    private final Pages pages;

    public PolicyController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/policies", this::list);
        routes.post("/admin/policies", this::save);
    }

    /** One product's policy. */
    public record Policy(String product, int freshMaxDays, int cautionMaxDays) {
    }

    private void requireAdmin(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
    }

    private void list(Context ctx) {
        requireAdmin(ctx);
        show(ctx, 200, Form.empty().value("freshMaxDays", "2").value("cautionMaxDays", "4"), "");
    }

    private void show(Context ctx, int status, Form form, String message) {
        List<Policy> policies = new ArrayList<>();
        try {
            var body = pages.api(ctx).get("/api/freshness/policies").body();
            (body.isArray() ? body : body.path("items")).forEach(p -> policies.add(new Policy(p.path("product").asText(),
                    p.path("freshMaxDays").asInt(), p.path("cautionMaxDays").asInt())));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("policies", policies);
        model.put("form", form);
        model.put("message", message);
        pages.render(ctx, status, "policies.jte", "Freshness policies", "admin", model);
    }

    private void save(Context ctx) {
        requireAdmin(ctx);
        Form form = Form.empty();
        for (String field : List.of("product", "freshMaxDays", "cautionMaxDays")) {
            form.value(field, ctx.formParam(field) == null ? "" : ctx.formParam(field).strip());
        }
        if (form.get("product").isEmpty()) {
            form.error("product", "Enter the product the policy is for.");
        }
        Map<String, Object> body = new HashMap<>();
        for (String field : List.of("freshMaxDays", "cautionMaxDays")) {
            try {
                body.put(field, Integer.parseInt(form.get(field)));
            } catch (NumberFormatException e) {
                form.error(field, "Enter a whole number of days.");
            }
        }
        if (form.hasErrors()) {
            show(ctx, 400, form, "");
            return;
        }
        ApiResult result = pages.api(ctx).put("/api/freshness/policies/"
                + URLEncoder.encode(form.get("product"), StandardCharsets.UTF_8).replace("+", "%20"), body);
        if (result.ok()) {
            Pages.seeOther(ctx, "/admin/policies?done=policy-saved");
            return;
        }
        result.orFail();
        show(ctx, 400, form.errors(result.fieldErrors()), result.detail("Check the highlighted fields."));
    }
}
