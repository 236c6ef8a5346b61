package dev.portalsuite.console.product;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /admin/products}: the product catalogue; create a product, enable or disable it per MSSP and MSP. */
public final class ProductController {
    private final Pages pages;

    public ProductController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/products", this::list);
        routes.post("/admin/products", this::create);
        routes.post("/admin/products/{productId}/orgs/{orgId}", this::toggle);
    }

    /** A product and whether each listed organisation has it. */
    public record Product(String id, String code, String name, List<Boolean> enabled) {
    }

    /** An MSSP or MSP a product can be enabled for. */
    public record Org(String id, String name, String type) {
    }

    private void requireAdmin(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
    }

    private void list(Context ctx) {
        requireAdmin(ctx);
        show(ctx, 200, Form.empty(), "");
    }

    private void show(Context ctx, int status, Form form, String message) {
        Backend.Client api = pages.api(ctx);
        List<Org> orgs = new ArrayList<>();
        List<Product> products = new ArrayList<>();
        try {
            for (String type : List.of("MSSP", "MSP")) {
                api.get("/api/portal/orgs", Map.of("type", type, "status", "ACTIVE", "limit", "50", "sort", "name")).body()
                        .path("items").forEach(o -> orgs.add(new Org(o.path("id").asText(), o.path("name").asText(), type)));
            }
            List<Set<String>> enabledPerOrg = new ArrayList<>();
            for (Org org : orgs) {
                Set<String> ids = new HashSet<>();
                api.get("/api/portal/products", Map.of("orgId", org.id(), "limit", "200")).body().path("items")
                        .forEach(p -> ids.add(p.path("id").asText()));
                enabledPerOrg.add(ids);
            }
            JsonNode all = api.get("/api/portal/products", Map.of("limit", "200")).body();
            all.path("items").forEach(p -> {
                List<Boolean> enabled = new ArrayList<>();
                enabledPerOrg.forEach(ids -> enabled.add(ids.contains(p.path("id").asText())));
                products.add(new Product(p.path("id").asText(), p.path("code").asText(), p.path("name").asText(), enabled));
            });
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("orgs", orgs);
        model.put("products", products);
        model.put("form", form);
        model.put("message", message);
        pages.render(ctx, status, "products.jte", "Products", "admin", model);
    }

    private void create(Context ctx) {
        requireAdmin(ctx);
        String code = ctx.formParam("code") == null ? "" : ctx.formParam("code").strip();
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        Form form = Form.empty().value("code", code).value("name", name);
        if (code.isEmpty()) {
            form.error("code", "Enter a short code, e.g. EDR.");
        }
        if (name.isEmpty()) {
            form.error("name", "Enter the product's name.");
        }
        if (form.hasErrors()) {
            show(ctx, 400, form, "");
            return;
        }
        ApiResult result = pages.api(ctx).post("/api/portal/products", Map.of("code", code, "name", name));
        if (result.status() == 201) {
            Pages.seeOther(ctx, "/admin/products?done=product-created");
            return;
        }
        result.orFail();
        show(ctx, result.status() == 409 ? 409 : 400, form.errors(result.fieldErrors()), result.detail("Check the highlighted fields."));
    }

    private void toggle(Context ctx) {
        requireAdmin(ctx);
        String product = uuid(ctx.pathParam("productId"));
        String org = uuid(ctx.pathParam("orgId"));
        String path = "/api/portal/orgs/" + org + "/products/" + product;
        if ("on".equals(ctx.formParam("enable"))) {
            pages.api(ctx).put(path, null).body();
        } else {
            pages.api(ctx).delete(path).body();
        }
        Pages.seeOther(ctx, "/admin/products?done=product-saved");
    }

    private static String uuid(String raw) {
        try {
            return UUID.fromString(raw).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
    }
}
