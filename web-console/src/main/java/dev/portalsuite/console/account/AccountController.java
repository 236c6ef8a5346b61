package dev.portalsuite.console.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /account}: the caller's name and password; {@code /account/sessions}: where the caller is signed in, with
 * "sign out this session" and "sign out everywhere".
 */
public final class AccountController {
    private final Pages pages;

    public AccountController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/account", this::account);
        routes.post("/account/profile", this::saveProfile);
        routes.post("/account/password", this::changePassword);
        routes.get("/account/sessions", this::sessions);
        routes.post("/account/sessions/{id}/revoke", this::revoke);
        routes.post("/account/sessions/revoke-all", this::revokeAll);
    }

    /** A session as the list shows it. */
    public record SessionView(String id, String createdAt, String lastUsedAt, String userAgent, String ip, boolean current) {
    }

    private void account(Context ctx) {
        pages.require(ctx);
        Form profile = Form.empty().value("fullName", pages.profile(ctx).fullName());
        try {
            JsonNode me = pages.api(ctx).get("/api/auth/me").body();
            profile.value("fullName", Views.text(me, "fullName"));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        show(ctx, 200, profile, Form.empty(), "");
    }

    private void show(Context ctx, int status, Form profile, Form password, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("profileForm", profile);
        model.put("passwordForm", password);
        model.put("email", pages.profile(ctx).email());
        model.put("message", message);
        pages.render(ctx, status, "account.jte", "Your account", "account", model);
    }

    private void saveProfile(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        String name = ctx.formParam("fullName") == null ? "" : ctx.formParam("fullName").strip();
        Form form = Form.empty().value("fullName", name);
        if (name.isEmpty()) {
            show(ctx, 400, form.error("fullName", "Enter your name."), Form.empty(), "");
            return;
        }
        ApiResult result;
        try {
            result = pages.api(ctx).patch("/api/auth/me", Map.of("fullName", name));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, form, Form.empty(), "Your name was not saved yet: the sign-in service did not answer.");
            return;
        }
        if (result.ok()) {
            pages.sessions().updateProfile(session, result.json());
            Pages.seeOther(ctx, "/account?done=profile");
            return;
        }
        result.orFail();
        show(ctx, 400, form.errors(result.fieldErrors()), Form.empty(), result.detail("Check the highlighted field."));
    }

    private void changePassword(Context ctx) {
        pages.require(ctx);
        String current = ctx.formParam("currentPassword") == null ? "" : ctx.formParam("currentPassword");
        String next = ctx.formParam("newPassword") == null ? "" : ctx.formParam("newPassword");
        Form form = Form.empty();
        if (current.isEmpty()) {
            form.error("currentPassword", "Enter your current password.");
        }
        if (next.isEmpty()) {
            form.error("newPassword", "Choose a new password.");
        }
        Form profile = Form.empty().value("fullName", pages.profile(ctx).fullName());
        if (form.hasErrors()) {
            show(ctx, 400, profile, form, "");
            return;
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/auth/me/password", Map.of("currentPassword", current, "newPassword", next));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, profile, form, "Your password was not changed: the sign-in service did not answer.");
            return;
        }
        if (result.ok()) {
            Pages.seeOther(ctx, "/account?done=password");
            return;
        }
        result.orFail();
        show(ctx, 400, profile, form.errors(result.fieldErrors()), result.detail("Your password was not changed."));
    }

    private void sessions(Context ctx) {
        pages.require(ctx);
        List<SessionView> sessions = new ArrayList<>();
        try {
            JsonNode body = pages.api(ctx).get("/api/auth/sessions", Map.of("limit", "50")).body();
            JsonNode items = body.isArray() ? body : body.path("items");
            items.forEach(s -> sessions.add(new SessionView(Views.text(s, "id"), Dates.when(Views.text(s, "createdAt")),
                    Dates.when(Views.text(s, "lastUsedAt")), Views.textOr(s, "userAgent", "Unknown browser"),
                    Views.textOr(s, "ip", ""), s.path("current").asBoolean(false))));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        pages.render(ctx, "sessions.jte", "Your sessions", "account", Map.of("sessions", sessions));
    }

    private void revoke(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        String id;
        try {
            id = UUID.fromString(ctx.pathParam("id")).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
        boolean current = "1".equals(ctx.formParam("current"));
        pages.api(ctx).delete("/api/auth/sessions/" + id).body();
        if (current) {
            pages.sessions().forget(session);
            pages.cookies().clearSession(ctx);
            Pages.seeOther(ctx, "/login?done=signed-out");
            return;
        }
        Pages.seeOther(ctx, "/account/sessions?done=session-ended");
    }

    private void revokeAll(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        pages.api(ctx).post("/api/auth/logout-all", null).body();
        pages.sessions().forget(session);
        pages.cookies().clearSession(ctx);
        Pages.seeOther(ctx, "/login?done=signed-out");
    }
}
