package dev.portalsuite.console.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.Profile;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pager;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /orgs}: the organisations of the caller's scope (search, type and status filters, paging) and one
 * organisation's page (children, licences, devices, products, last sync), with create, edit and archive where the
 * caller's role may. portal-service decides scope: an organisation outside it is a 404 page.
 */
public final class OrgController {
    private static final Set<String> TYPES = Set.of("MSSP", "MSP", "CLIENT");
    private static final Set<String> STATUSES = Set.of("ACTIVE", "INACTIVE");

    private final Pages pages;

    public OrgController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/orgs", this::list);
        routes.get("/orgs/new", this::newForm);
        routes.post("/orgs", this::create);
        routes.get("/orgs/{id}", this::show);
        routes.get("/orgs/{id}/edit", this::editForm);
        routes.post("/orgs/{id}", this::update);
        routes.post("/orgs/{id}/archive", this::archive);
    }

    private Profile requireOrgUser(Context ctx) {
        Profile profile = pages.profile(ctx);
        if (!profile.seesOrganisations()) {
            throw PageException.forbidden();
        }
        return profile;
    }

    private void list(Context ctx) {
        requireOrgUser(ctx);
        String q = trimmed(ctx.queryParam("q"));
        String type = allowed(ctx.queryParam("type"), TYPES);
        String status = allowed(ctx.queryParam("status"), STATUSES);
        int page = Pager.page(ctx.queryParam("page"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", q);
        filters.put("type", type);
        filters.put("status", status);
        Pager pager = new Pager("/orgs", filters, page, Pager.SIZE, 0);
        List<Org> orgs = new ArrayList<>();
        try {
            JsonNode body = pages.api(ctx).get("/api/portal/orgs", Map.of("q", q, "type", type, "status", status,
                    "limit", Integer.toString(Pager.SIZE), "offset", Integer.toString(pager.offset()), "sort", "name")).body();
            body.path("items").forEach(o -> orgs.add(Org.of(o)));
            pager = new Pager("/orgs", filters, page, Pager.SIZE, body.path("total").asLong());
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("orgs", orgs);
        model.put("pager", pager);
        model.put("q", q);
        model.put("type", type);
        model.put("status", status);
        pages.render(ctx, "orgs.jte", "Organisations", "orgs", model);
    }

    private void show(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        String id = uuid(ctx.pathParam("id"));
        Backend.Client api = pages.api(ctx);
        Org org = Org.of(api.get("/api/portal/orgs/" + id).body());
        List<Org> children = new ArrayList<>();
        List<String> products = new ArrayList<>();
        Org parent = null;
        try {
            api.get("/api/portal/orgs", Map.of("parentId", id, "limit", "200", "sort", "name")).body()
                    .path("items").forEach(o -> children.add(Org.of(o)));
            ApiResult productList = api.get("/api/portal/products", Map.of("orgId", id, "limit", "200"));
            if (productList.ok()) {
                productList.json().path("items").forEach(p -> products.add(p.path("name").asText()));
            }
            if (org.parentId() != null) {
                ApiResult parentResult = api.get("/api/portal/orgs/" + org.parentId());
                if (parentResult.ok()) {
                    parent = Org.of(parentResult.json());
                }
            }
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("org", org);
        model.put("parent", parent);
        model.put("children", children);
        model.put("products", products);
        model.put("mayEdit", mayEdit(profile));
        model.put("mayArchive", profile.isAdmin() && org.active());
        model.put("mayCreateChild", org.childType() != null && mayEdit(profile) && org.active());
        pages.render(ctx, "org.jte", org.name(), "orgs", model);
    }

    private static boolean mayEdit(Profile profile) {
        return profile.isAdmin() || profile.hasRole("mssp") || profile.hasRole("msp");
    }

    private void newForm(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        if (!mayEdit(profile)) {
            throw PageException.forbidden();
        }
        String parentId = ctx.queryParam("parentId") == null ? "" : uuid(ctx.queryParam("parentId"));
        String type = allowed(ctx.queryParam("type"), TYPES);
        Form form = Form.empty().value("parentId", parentId).value("type", type.isEmpty() ? "CLIENT" : type);
        showForm(ctx, 200, form, null, null);
    }

    private void create(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        if (!mayEdit(profile)) {
            throw PageException.forbidden();
        }
        Form form = readForm(ctx);
        String type = allowed(form.get("type"), TYPES);
        if (type.isEmpty()) {
            form.error("type", "Choose MSSP, MSP or client.");
        }
        Map<String, Object> body = body(form, true);
        body.put("type", type);
        if (!form.get("parentId").isEmpty()) {
            body.put("parentId", form.get("parentId"));
        }
        if (form.hasErrors()) {
            showForm(ctx, 400, form, null, null);
            return;
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/portal/orgs", body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showForm(ctx, 503, form, null, "The organisation was not created yet: the portal service did not answer.");
            return;
        }
        if (result.status() == 201) {
            Pages.seeOther(ctx, "/orgs/" + result.json().path("id").asText() + "?done=org-created");
            return;
        }
        failed(ctx, result, form, null);
    }

    private void editForm(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        if (!mayEdit(profile)) {
            throw PageException.forbidden();
        }
        String id = uuid(ctx.pathParam("id"));
        Org org = Org.of(pages.api(ctx).get("/api/portal/orgs/" + id).body());
        Form form = Form.empty().value("name", org.name()).value("licenseType", org.licenseType())
                .value("purchasedLicenses", Long.toString(org.purchasedLicenses()))
                .value("activeLicenses", Long.toString(org.activeLicenses()))
                .value("devices", Long.toString(org.devices())).value("type", org.type());
        showForm(ctx, 200, form, org, null);
    }

    private void update(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        if (!mayEdit(profile)) {
            throw PageException.forbidden();
        }
        String id = uuid(ctx.pathParam("id"));
        Form form = readForm(ctx);
        Org org = Org.of(pages.api(ctx).get("/api/portal/orgs/" + id).body());
        Map<String, Object> body = body(form, false);
        if (form.hasErrors()) {
            showForm(ctx, 400, form, org, null);
            return;
        }
        ApiResult result;
        try {
            result = pages.api(ctx).patch("/api/portal/orgs/" + id, body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showForm(ctx, 503, form, org, "Nothing was saved yet: the portal service did not answer.");
            return;
        }
        if (result.ok()) {
            Pages.seeOther(ctx, "/orgs/" + id + "?done=org-saved");
            return;
        }
        failed(ctx, result, form, org);
    }

    private void archive(Context ctx) {
        Profile profile = requireOrgUser(ctx);
        if (!profile.isAdmin()) {
            throw PageException.forbidden();
        }
        String id = uuid(ctx.pathParam("id"));
        pages.api(ctx).delete("/api/portal/orgs/" + id).orFail();
        Pages.seeOther(ctx, "/orgs/" + id + "?done=org-archived");
    }

    private void failed(Context ctx, ApiResult result, Form form, Org org) {
        result.orFail();
        form.errors(result.fieldErrors());
        showForm(ctx, result.status() == 409 ? 409 : 400, form, org, result.detail("Check the highlighted fields."));
    }

    private static Form readForm(Context ctx) {
        Form form = Form.empty();
        for (String field : List.of("type", "name", "parentId", "licenseType", "purchasedLicenses", "activeLicenses", "devices")) {
            String value = ctx.formParam(field);
            form.value(field, value == null ? "" : value.strip());
        }
        return form;
    }

    /** The JSON body for create or update; numbers are checked here so a typo gets a message next to its field. */
    private static Map<String, Object> body(Form form, boolean creating) {
        Map<String, Object> body = new HashMap<>();
        if (form.get("name").isEmpty()) {
            form.error("name", "Enter the organisation's name.");
        } else {
            body.put("name", form.get("name"));
        }
        if (!form.get("licenseType").isEmpty()) {
            body.put("licenseType", form.get("licenseType"));
        } else if (!creating) {
            body.put("licenseType", null);
        }
        for (String field : List.of("purchasedLicenses", "activeLicenses", "devices")) {
            String raw = form.get(field);
            if (raw.isEmpty()) {
                continue;
            }
            try {
                int value = Integer.parseInt(raw);
                if (value < 0) {
                    form.error(field, "Enter 0 or more.");
                } else {
                    body.put(field, value);
                }
            } catch (NumberFormatException e) {
                form.error(field, "Enter a whole number.");
            }
        }
        return body;
    }

    private void showForm(Context ctx, int status, Form form, Org org, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("org", org);
        model.put("message", message == null ? "" : message);
        pages.render(ctx, status, "org-form.jte", org == null ? "New organisation" : "Edit " + org.name(), "orgs", model);
    }

    private static String uuid(String raw) {
        try {
            return UUID.fromString(raw).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
    }

    private static String allowed(String value, Set<String> allowed) {
        return value != null && allowed.contains(value) ? value : "";
    }

    private static String trimmed(String value) {
        if (value == null) {
            return "";
        }
        String text = value.strip();
        return text.length() > 100 ? text.substring(0, 100) : text;
    }
}
