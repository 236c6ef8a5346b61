package dev.portalsuite.console.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.BackendUnavailableException;
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
import java.util.UUID;

/**
 * {@code /notifications}: the caller's notifications, newest first, with an unread filter; mark one or all as read.
 * {@code /notifications/badge} is the header link that htmx polls to keep the unread count fresh.
 */
public final class NotificationController {
    private final Pages pages;

    public NotificationController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/notifications", this::list);
        routes.get("/notifications/badge", this::badge);
        routes.post("/notifications/read", this::markRead);
        routes.post("/notifications/read-all", this::markAllRead);
    }

    private void list(Context ctx) {
        pages.require(ctx);
        boolean unreadOnly = "1".equals(ctx.queryParam("unread"));
        int page = Pager.page(ctx.queryParam("page"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("unread", unreadOnly ? "1" : "");
        Pager pager = new Pager("/notifications", filters, page, Pager.SIZE, 0);
        List<Notification> items = new ArrayList<>();
        long unread = 0;
        try {
            JsonNode body = pages.api(ctx).get("/api/portal/notifications", Map.of("unreadOnly", Boolean.toString(unreadOnly),
                    "limit", Integer.toString(Pager.SIZE), "offset", Integer.toString(pager.offset()))).body();
            body.path("items").forEach(n -> items.add(Notification.of(n)));
            unread = body.path("unreadCount").asLong();
            pager = new Pager("/notifications", filters, page, Pager.SIZE, body.path("total").asLong());
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("items", items);
        model.put("pager", pager);
        model.put("unreadOnly", unreadOnly);
        model.put("unread", unread);
        pages.render(ctx, "notifications.jte", "Notifications", "notifications", model);
    }

    private void badge(Context ctx) {
        pages.require(ctx);
        int unread = pages.unreadCount(ctx);
        boolean current = ctx.header("HX-Current-URL") != null && ctx.header("HX-Current-URL").contains("/notifications");
        ctx.contentType("text/html; charset=utf-8").render("tag/badge.jte", Map.of("unread", unread, "current", current));
    }

    private void markRead(Context ctx) {
        pages.require(ctx);
        List<String> ids = new ArrayList<>();
        for (String raw : ctx.formParams("id")) {
            try {
                ids.add(UUID.fromString(raw).toString());
            } catch (IllegalArgumentException e) {
                throw new PageException(400, "That notification could not be found.");
            }
        }
        if (!ids.isEmpty()) {
            pages.api(ctx).post("/api/portal/notifications/read", Map.of("ids", ids)).body();
        }
        Pages.seeOther(ctx, back(ctx) + "done=read");
    }

    private void markAllRead(Context ctx) {
        pages.require(ctx);
        pages.api(ctx).post("/api/portal/notifications/read-all", null).body();
        Pages.seeOther(ctx, back(ctx) + "done=all-read");
    }

    private static String back(Context ctx) {
        return "1".equals(ctx.formParam("unread")) ? "/notifications?unread=1&" : "/notifications?";
    }
}
