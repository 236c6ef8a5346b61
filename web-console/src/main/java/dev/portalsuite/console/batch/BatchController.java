package dev.portalsuite.console.batch;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /batches}: freshness batches for inventory staff and admins: list with status, product and search filters;
 * record, edit and delete with freshness-service's validation messages next to the fields; the QR code as PNG or
 * SVG; and {@code /batches/labels?ids=…}, a printable A4 sheet of labels for one or many batches.
 */
public final class BatchController {
    private static final Set<String> STATUSES = Set.of("FRESH", "CAUTION", "EXPIRED");
    private static final List<String> FIELDS = List.of("product", "batchIdentifier", "butcherDate", "arrivalDate", "notes", "orgId");
    private static final int MAX_LABELS = 60;

    private final Pages pages;

    public BatchController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/batches", this::list);
        routes.get("/batches/new", this::newForm);
        routes.post("/batches", this::create);
        routes.get("/batches/labels", this::labels);
        routes.get("/batches/{id}", this::show);
        routes.get("/batches/{id}/edit", this::editForm);
        routes.post("/batches/{id}", this::update);
        routes.get("/batches/{id}/delete", this::confirmDelete);
        routes.post("/batches/{id}/delete", this::delete);
        routes.get("/batches/{id}/qr.svg", ctx -> qr(ctx, "svg"));
        routes.get("/batches/{id}/qr.png", ctx -> qr(ctx, "png"));
    }

    private Profile requireInventory(Context ctx) {
        Profile profile = pages.profile(ctx);
        if (!profile.managesBatches()) {
            throw PageException.forbidden();
        }
        return profile;
    }

    private void list(Context ctx) {
        requireInventory(ctx);
        String status = ctx.queryParam("status") != null && STATUSES.contains(ctx.queryParam("status")) ? ctx.queryParam("status") : "";
        String product = limited(ctx.queryParam("product"));
        String q = limited(ctx.queryParam("q"));
        int page = Pager.page(ctx.queryParam("page"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("status", status);
        filters.put("product", product);
        filters.put("q", q);
        Pager pager = new Pager("/batches", filters, page, Pager.SIZE, 0);
        List<Batch> batches = new ArrayList<>();
        try {
            JsonNode body = pages.api(ctx).get("/api/freshness/batches", Map.of("status", status, "product", product, "q", q,
                    "limit", Integer.toString(Pager.SIZE), "offset", Integer.toString(pager.offset()))).body();
            body.path("items").forEach(b -> batches.add(Batch.of(b)));
            pager = new Pager("/batches", filters, page, Pager.SIZE, body.path("total").asLong());
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("batches", batches);
        model.put("pager", pager);
        model.put("status", status);
        model.put("product", product);
        model.put("q", q);
        pages.render(ctx, "batches.jte", "Batches", "batches", model);
    }

    private void show(Context ctx) {
        requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        Batch batch = Batch.of(pages.api(ctx).get("/api/freshness/batches/" + id).body());
        pages.render(ctx, "batch.jte", batch.product() + " · " + batch.batchIdentifier(), "batches", Map.of("batch", batch));
    }

    private void newForm(Context ctx) {
        Profile profile = requireInventory(ctx);
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        showForm(ctx, 200, Form.empty().value("arrivalDate", today).value("butcherDate", today), null, profile, "");
    }

    private void create(Context ctx) {
        Profile profile = requireInventory(ctx);
        Form form = read(ctx);
        Map<String, Object> body = new HashMap<>();
        for (String field : FIELDS) {
            if (!form.get(field).isEmpty()) {
                body.put(field, form.get(field));
            }
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/freshness/batches", body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showForm(ctx, 503, form, null, profile, "The batch was not recorded yet: the freshness service did not answer.");
            return;
        }
        if (result.status() == 201) {
            Pages.seeOther(ctx, "/batches/" + result.json().path("id").asText() + "?done=batch-created");
            return;
        }
        failed(ctx, result, form, null, profile);
    }

    private void editForm(Context ctx) {
        Profile profile = requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        Batch batch = Batch.of(pages.api(ctx).get("/api/freshness/batches/" + id).body());
        Form form = Form.empty().value("product", batch.product()).value("batchIdentifier", batch.batchIdentifier())
                .value("butcherDate", batch.butcherDate()).value("arrivalDate", batch.arrivalDate()).value("notes", batch.notes());
        showForm(ctx, 200, form, batch, profile, "");
    }

    private void update(Context ctx) {
        Profile profile = requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        Form form = read(ctx);
        Batch batch = Batch.of(pages.api(ctx).get("/api/freshness/batches/" + id).body());
        Map<String, Object> body = new HashMap<>();
        for (String field : List.of("product", "batchIdentifier", "butcherDate", "arrivalDate")) {
            body.put(field, form.get(field));
        }
        body.put("notes", form.get("notes").isEmpty() ? null : form.get("notes"));
        ApiResult result;
        try {
            result = pages.api(ctx).patch("/api/freshness/batches/" + id, body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showForm(ctx, 503, form, batch, profile, "Nothing was saved yet: the freshness service did not answer.");
            return;
        }
        if (result.ok()) {
            Pages.seeOther(ctx, "/batches/" + id + "?done=batch-saved");
            return;
        }
        failed(ctx, result, form, batch, profile);
    }

    private void confirmDelete(Context ctx) {
        requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        Batch batch = Batch.of(pages.api(ctx).get("/api/freshness/batches/" + id).body());
        pages.render(ctx, "batch-delete.jte", "Delete " + batch.batchIdentifier(), "batches", Map.of("batch", batch));
    }

    private void delete(Context ctx) {
        requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        pages.api(ctx).delete("/api/freshness/batches/" + id).body();
        Pages.seeOther(ctx, "/batches?done=batch-deleted");
    }

    private void qr(Context ctx, String format) {
        requireInventory(ctx);
        String id = uuid(ctx.pathParam("id"));
        Map<String, String> query = new HashMap<>();
        if (format.equals("png")) {
            query.put("size", "512");
        }
        byte[] image = pages.api(ctx).bytes("/api/freshness/batches/" + id + "/qr." + format, query);
        ctx.header("Cache-Control", "private, max-age=300");
        if (ctx.queryParam("download") != null) {
            ctx.header("Content-Disposition", "attachment; filename=\"batch-" + id + "-qr." + format + "\"");
        }
        ctx.contentType(format.equals("png") ? "image/png" : "image/svg+xml").result(image);
    }

    private void labels(Context ctx) {
        requireInventory(ctx);
        Set<String> ids = new LinkedHashSet<>();
        for (String raw : ctx.queryParams("ids")) {
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    ids.add(uuid(part.strip()));
                }
            }
        }
        if (ids.isEmpty()) {
            throw new PageException(400, "Choose at least one batch to print labels for.");
        }
        if (ids.size() > MAX_LABELS) {
            throw new PageException(400, "At most " + MAX_LABELS + " labels fit one print run; choose fewer batches.");
        }
        Backend.Client api = pages.api(ctx);
        List<Batch> batches = new ArrayList<>();
        for (String id : ids) {
            batches.add(Batch.of(api.get("/api/freshness/batches/" + id).body()));
        }
        pages.render(ctx, "labels.jte", "Labels", "batches", Map.of("batches", batches));
    }

    private void failed(Context ctx, ApiResult result, Form form, Batch batch, Profile profile) {
        result.orFail();
        form.errors(result.fieldErrors());
        if (result.status() == 409) {
            form.error("batchIdentifier", result.detail("This batch identifier is already recorded."));
        }
        showForm(ctx, result.status() == 409 ? 409 : 400, form, batch, profile,
                form.hasErrors() ? "Check the highlighted fields." : result.detail("The batch could not be saved."));
    }

    private void showForm(Context ctx, int status, Form form, Batch batch, Profile profile, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("batch", batch);
        model.put("askOrg", batch == null && profile.isAdmin());
        model.put("message", message);
        pages.render(ctx, status, "batch-form.jte", batch == null ? "Record a batch" : "Edit " + batch.batchIdentifier(),
                "batches", model);
    }

    private static Form read(Context ctx) {
        Form form = Form.empty();
        for (String field : FIELDS) {
            String value = ctx.formParam(field);
            form.value(field, value == null ? "" : value.strip());
        }
        return form;
    }

    private static String uuid(String raw) {
        try {
            return UUID.fromString(raw).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
    }

    private static String limited(String value) {
        if (value == null) {
            return "";
        }
        String text = value.strip();
        return text.length() > 100 ? text.substring(0, 100) : text;
    }
}
