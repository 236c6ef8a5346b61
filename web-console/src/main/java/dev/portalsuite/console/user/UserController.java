package dev.portalsuite.console.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.invite.InviteController.Choice;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pager;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /admin/users}: administrators search users and filter them by role; {@code /admin/users/{id}} edits roles,
 * organisation and disabled state, unlocks a locked account and deletes one (after a confirmation page).
 */
public final class UserController {
    static final List<String> ROLES = List.of("admin", "mssp", "msp", "client", "inventory", "user");

    private final Pages pages;

    public UserController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/users", this::list);
        routes.get("/admin/users/{id}", this::show);
        routes.post("/admin/users/{id}", this::update);
        routes.post("/admin/users/{id}/unlock", this::unlock);
        routes.post("/admin/users/{id}/mfa-reset", this::resetMfa);
        routes.get("/admin/users/{id}/delete", this::confirmDelete);
        routes.post("/admin/users/{id}/delete", this::delete);
    }

    /** One user as the pages show them. */
    public record User(String id, String email, String fullName, List<String> roles, String orgId, String orgType,
                       boolean disabled, int failedAttempts, String lockedUntil, String lastLoginAt, String createdAt,
                       boolean totp, int passkeys) {
        static User of(JsonNode json) {
            List<String> roles = new ArrayList<>();
            json.path("roles").forEach(r -> roles.add(r.asText()));
            return new User(Views.text(json, "id"), Views.textOr(json, "email", ""), Views.textOr(json, "fullName", ""),
                    roles, Views.textOr(json, "orgId", ""), Views.textOr(json, "orgType", ""),
                    json.path("disabled").asBoolean(false), json.path("failedAttempts").asInt(),
                    Dates.when(Views.text(json, "lockedUntil")), Dates.when(Views.text(json, "lastLoginAt")),
                    Dates.when(Views.text(json, "createdAt")), json.path("mfa").path("totp").asBoolean(false),
                    json.path("mfa").path("passkeys").asInt(0));
        }

        /** Which second factors the user has, in words. */
        public String factors() {
            if (!totp && passkeys == 0) {
                return "none";
            }
            String keys = passkeys == 0 ? "" : passkeys == 1 ? "1 passkey" : passkeys + " passkeys";
            return totp ? (keys.isEmpty() ? "authenticator app" : "authenticator app, " + keys) : keys;
        }

        public boolean hasFactors() {
            return totp || passkeys > 0;
        }

        public String roleList() {
            return String.join(", ", roles);
        }

        public boolean locked() {
            return !lockedUntil.isEmpty();
        }
    }

    private void requireAdmin(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
    }

    private void list(Context ctx) {
        requireAdmin(ctx);
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        String role = ctx.queryParam("role") != null && ROLES.contains(ctx.queryParam("role")) ? ctx.queryParam("role") : "";
        int page = Pager.page(ctx.queryParam("page"));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", q);
        filters.put("role", role);
        Pager pager = new Pager("/admin/users", filters, page, Pager.SIZE, 0);
        List<User> users = new ArrayList<>();
        try {
            JsonNode body = pages.api(ctx).get("/api/auth/admin/users", Map.of("q", q, "role", role,
                    "limit", Integer.toString(Pager.SIZE), "offset", Integer.toString(pager.offset()))).body();
            body.path("items").forEach(u -> users.add(User.of(u)));
            pager = new Pager("/admin/users", filters, page, Pager.SIZE, body.path("total").asLong());
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("users", users);
        model.put("pager", pager);
        model.put("q", q);
        model.put("role", role);
        model.put("roles", ROLES);
        pages.render(ctx, "users.jte", "Users", "admin", model);
    }

    private void show(Context ctx) {
        requireAdmin(ctx);
        User user = load(ctx);
        Form form = Form.empty().value("orgId", user.orgId()).value("disabled", user.disabled() ? "on" : "");
        user.roles().forEach(r -> form.value("role-" + r, "on"));
        showUser(ctx, 200, user, form, "");
    }

    private User load(Context ctx) {
        return User.of(pages.api(ctx).get("/api/auth/admin/users/" + uuid(ctx.pathParam("id"))).body());
    }

    private void showUser(Context ctx, int status, User user, Form form, String message) {
        List<Choice> orgs = new ArrayList<>();
        try {
            pages.api(ctx).get("/api/portal/orgs", Map.of("limit", "200", "sort", "name")).body().path("items")
                    .forEach(o -> orgs.add(new Choice(o.path("id").asText(), o.path("name").asText() + " (" + o.path("type").asText() + ")")));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("user", user);
        model.put("form", form);
        model.put("orgs", orgs);
        model.put("roles", ROLES);
        model.put("message", message);
        pages.render(ctx, status, "user.jte", user.email(), "admin", model);
    }

    private void update(Context ctx) {
        requireAdmin(ctx);
        User user = load(ctx);
        Form form = Form.empty();
        List<String> roles = new ArrayList<>();
        for (String role : ROLES) {
            if (ctx.formParam("role-" + role) != null) {
                roles.add(role);
                form.value("role-" + role, "on");
            }
        }
        String orgId = ctx.formParam("orgId") == null ? "" : ctx.formParam("orgId").strip();
        boolean disabled = ctx.formParam("disabled") != null;
        form.value("orgId", orgId).value("disabled", disabled ? "on" : "");
        if (roles.isEmpty()) {
            form.error("roles", "Give the user at least one role.");
            showUser(ctx, 400, user, form, "");
            return;
        }
        Map<String, Object> body = new HashMap<>();
        body.put("roles", roles);
        body.put("disabled", disabled);
        ApiResult result;
        try {
            if (orgId.isEmpty()) {
                body.put("orgId", null);
                body.put("orgType", null);
            } else {
                // auth-service wants the organisation's type with its id; portal-service knows it
                JsonNode org = pages.api(ctx).get("/api/portal/orgs/" + uuid(orgId)).orFail().json();
                body.put("orgId", orgId);
                body.put("orgType", org.path("type").asText());
            }
            result = pages.api(ctx).patch("/api/auth/admin/users/" + user.id(), body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showUser(ctx, 503, user, form, "Nothing was saved yet: the sign-in service did not answer.");
            return;
        }
        if (result.ok()) {
            Pages.seeOther(ctx, "/admin/users/" + user.id() + "?done=user-saved");
            return;
        }
        result.orFail();
        showUser(ctx, 400, user, form.errors(result.fieldErrors()), result.detail("The user could not be saved."));
    }

    private void unlock(Context ctx) {
        requireAdmin(ctx);
        String id = uuid(ctx.pathParam("id"));
        pages.api(ctx).post("/api/auth/admin/users/" + id + "/unlock", null).body();
        Pages.seeOther(ctx, "/admin/users/" + id + "?done=user-unlocked");
    }

    /** Removes every second factor of the user (step-up: the API asks for it) and ends their sessions. */
    private void resetMfa(Context ctx) {
        requireAdmin(ctx);
        String id = uuid(ctx.pathParam("id"));
        pages.api(ctx).post("/api/auth/admin/users/" + id + "/mfa/reset", null).body();
        Pages.seeOther(ctx, "/admin/users/" + id + "?done=user-mfa-reset");
    }

    private void confirmDelete(Context ctx) {
        requireAdmin(ctx);
        User user = load(ctx);
        pages.render(ctx, "user-delete.jte", "Delete " + user.email(), "admin", Map.of("user", user));
    }

    private void delete(Context ctx) {
        requireAdmin(ctx);
        String id = uuid(ctx.pathParam("id"));
        if (id.equals(String.valueOf(pages.profile(ctx).id()))) {
            throw new PageException(400, "You cannot delete your own account here.");
        }
        Backend.Client api = pages.api(ctx);
        api.delete("/api/auth/admin/users/" + id).body();
        Pages.seeOther(ctx, "/admin/users?done=user-deleted");
    }

    private static String uuid(String raw) {
        try {
            return UUID.fromString(raw).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
    }
}
