package dev.portalsuite.console.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pager;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Table;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /admin/audit}: the audit logs of auth-, portal- and freshness-service, filtered by action and time. */
public final class AuditController {
    private static final Map<String, String> SOURCES = Map.of(
            "auth", "/api/auth/admin/audit", "portal", "/api/portal/admin/audit", "freshness", "/api/freshness/admin/audit");

    private final Pages pages;

    public AuditController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/audit", this::list);
    }

    private void list(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
        String source = ctx.queryParam("source") != null && SOURCES.containsKey(ctx.queryParam("source")) ? ctx.queryParam("source") : "auth";
        String action = value(ctx.queryParam("action"));
        String from = value(ctx.queryParam("from"));
        String to = value(ctx.queryParam("to"));
        int page = Pager.page(ctx.queryParam("page"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("source", source);
        filters.put("action", action);
        filters.put("from", from);
        filters.put("to", to);
        Pager pager = new Pager("/admin/audit", filters, page, 50, 0);
        List<List<String>> rows = new ArrayList<>();
        String message = "";
        try {
            Map<String, String> query = new HashMap<>();
            query.put("action", action);
            query.put("from", from.isEmpty() ? "" : from + (from.length() == 10 ? "T00:00:00Z" : ""));
            query.put("to", to.isEmpty() ? "" : to + (to.length() == 10 ? "T23:59:59Z" : ""));
            query.put("limit", "50");
            query.put("offset", Integer.toString(pager.offset()));
            ApiResult result = pages.api(ctx).get(SOURCES.get(source), query).orFail();
            if (result.ok()) {
                JsonNode body = result.json();
                body.path("items").forEach(e -> rows.add(List.of(Dates.when(Views.text(e, "occurredAt")),
                        Views.textOr(e, "action", ""), Views.textOr(e, "email", Views.textOr(e, "actorId", "")),
                        Views.textOr(e, "ip", ""), e.path("details").isMissingNode() || e.path("details").isNull() ? ""
                                : e.path("details").toString())));
                pager = new Pager("/admin/audit", filters, page, 50, body.path("total").asLong());
            } else {
                message = result.detail("Check the filters.");
            }
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("table", new Table("Audit events, newest first", List.of("When", "Action", "Who", "From", "Details"), rows));
        model.put("pager", pager);
        model.put("source", source);
        model.put("action", action);
        model.put("from", from);
        model.put("to", to);
        model.put("message", message);
        pages.render(ctx, "audit.jte", "Audit", "admin", model);
    }

    private static String value(String raw) {
        if (raw == null) {
            return "";
        }
        String text = raw.strip();
        return text.length() > 64 ? text.substring(0, 64) : text;
    }
}
