package dev.portalsuite.portal.notification;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;

/** {@code /api/portal/notifications}. */
public final class NotificationController {
    /** Every role a person can have: the feed is for user accounts, not service clients. */
    private static final RouteRole[] USERS = {Role.ADMIN, Role.MSSP, Role.MSP, Role.CLIENT, Role.INVENTORY, Role.USER};

    private final NotificationService notifications;
    private final Requests requests;

    public NotificationController(NotificationService notifications, Requests requests) {
        this.notifications = notifications;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/notifications", this::list, USERS);
        routes.get("/api/portal/notifications/unread-count", this::unreadCount, USERS);
        routes.post("/api/portal/notifications/read", this::markRead, USERS);
        routes.post("/api/portal/notifications/read-all", this::markAllRead, USERS);
        routes.post("/api/portal/notifications", this::create, Role.ADMIN, Role.SERVICE);
    }

    private void list(Context ctx) {
        Boolean unreadOnly = Inputs.queryBoolean(ctx, "unreadOnly");
        Pagination page = Pagination.from(ctx);
        ctx.json(notifications.list(Caller.of(ctx), Boolean.TRUE.equals(unreadOnly), page));
    }

    private void unreadCount(Context ctx) {
        ctx.json(Map.of("unreadCount", notifications.unreadCount(Caller.of(ctx))));
    }

    private void markRead(Context ctx) {
        MarkReadRequest request = requests.body(ctx, MarkReadRequest.class);
        ctx.json(Map.of("updated", notifications.markRead(Caller.of(ctx), request)));
    }

    private void markAllRead(Context ctx) {
        ctx.json(Map.of("updated", notifications.markAllRead(Caller.of(ctx))));
    }

    private void create(Context ctx) {
        var caller = ScopedCaller.withoutOrg(Caller.of(ctx));
        NotificationService.requireSender(caller); // before the body is read
        CreateNotificationRequest request = requests.body(ctx, CreateNotificationRequest.class);
        ctx.status(201).json(notifications.create(caller, request));
    }
}

