package dev.portalsuite.console.invite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.Profile;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /admin/invites}: invite people with a role and an organisation the inviter may grant (admin: anything;
 * MSSP: MSSP, MSP and client roles; MSP: MSP and client roles, in its own scope: auth-service checks), copy the
 * link shown once, list invites by status, revoke pending ones.
 */
public final class InviteController {
    private static final Set<String> STATUSES = Set.of("PENDING", "ACCEPTED", "EXPIRED", "REVOKED");

    private final Pages pages;
    private final String baseUrl;

    public InviteController(Pages pages, String baseUrl) {
        this.pages = pages;
        this.baseUrl = baseUrl;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/invites", this::list);
        routes.post("/admin/invites", this::create);
        routes.post("/admin/invites/{id}/revoke", this::revoke);
    }

    /** One invite as the list shows it. */
    public record Invite(String id, String email, String role, String orgName, String status, String expiresAt) {
        public boolean pending() {
            return "PENDING".equals(status);
        }

        public String statusClass() {
            return switch (status) {
                case "PENDING" -> "status-caution";
                case "ACCEPTED" -> "status-fresh";
                default -> "status-expired";
            };
        }
    }

    /** An organisation the inviter may pick. */
    public record Choice(String value, String label) {
    }

    private Profile requireInviter(Context ctx) {
        Profile profile = pages.profile(ctx);
        if (!profile.mayInvite()) {
            throw PageException.forbidden();
        }
        return profile;
    }

    private void list(Context ctx) {
        Profile profile = requireInviter(ctx);
        show(ctx, 200, profile, Form.empty().value("role", defaultRole(profile)), "", null);
    }

    private void show(Context ctx, int status, Profile profile, Form form, String message, String link) {
        String filter = ctx.queryParam("status") != null && STATUSES.contains(ctx.queryParam("status")) ? ctx.queryParam("status") : "";
        Backend.Client api = pages.api(ctx);
        Map<String, String> orgNames = new LinkedHashMap<>();
        List<Invite> invites = new ArrayList<>();
        try {
            api.get("/api/portal/orgs", Map.of("limit", "200", "sort", "name", "status", "ACTIVE")).body().path("items")
                    .forEach(o -> orgNames.put(o.path("id").asText(), o.path("name").asText() + " (" + o.path("type").asText() + ")"));
            JsonNode body = api.get("/api/auth/invites", Map.of("status", filter, "limit", "100")).body();
            (body.isArray() ? body : body.path("items")).forEach(i -> invites.add(new Invite(Views.text(i, "id"),
                    Views.textOr(i, "email", ""), Views.textOr(i, "role", ""),
                    orgNames.getOrDefault(Views.textOr(i, "orgId", ""), Views.textOr(i, "orgId", "—")),
                    Views.textOr(i, "status", ""), Dates.when(Views.text(i, "expiresAt")))));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        List<Choice> orgs = new ArrayList<>();
        orgNames.forEach((id, name) -> orgs.add(new Choice(id, name)));
        List<Choice> roles = roles(profile).stream().map(r -> new Choice(r, r)).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("invites", invites);
        model.put("orgs", orgs);
        model.put("roles", roles);
        model.put("filter", filter);
        model.put("message", message);
        model.put("link", link == null ? "" : link);
        pages.render(ctx, status, "invites.jte", "Invites", "admin", model);
    }

    private void create(Context ctx) {
        Profile profile = requireInviter(ctx);
        String email = trimmed(ctx.formParam("email"));
        String role = trimmed(ctx.formParam("role"));
        String orgId = trimmed(ctx.formParam("orgId"));
        Form form = Form.empty().value("email", email).value("role", role).value("orgId", orgId);
        if (email.isEmpty()) {
            form.error("email", "Enter the email address to invite.");
        }
        if (!roles(profile).contains(role)) {
            form.error("role", "Choose one of the roles you may give.");
        }
        if (!orgId.isEmpty()) {
            try {
                orgId = UUID.fromString(orgId).toString();
            } catch (IllegalArgumentException e) {
                form.error("orgId", "Choose an organisation from the list.");
            }
        }
        if (form.hasErrors()) {
            show(ctx, 400, profile, form, "", null);
            return;
        }
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("role", role);
        if (!orgId.isEmpty()) {
            body.put("orgId", orgId);
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/auth/invites", body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, profile, form, "Nobody was invited yet: the sign-in service did not answer.", null);
            return;
        }
        if (result.status() == 201) {
            String link = baseUrl + "/signup?invite=" + URLEncoder.encode(result.json().path("inviteToken").asText(), StandardCharsets.UTF_8)
                    + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8);
            show(ctx, 201, profile, Form.empty().value("role", role), "", link);
            return;
        }
        if (result.status() == 403) {
            show(ctx, 403, profile, form, result.detail("You may not give this role in this organisation."), null);
            return;
        }
        result.orFail();
        show(ctx, 400, profile, form.errors(result.fieldErrors()), result.detail("Check the highlighted fields."), null);
    }

    private void revoke(Context ctx) {
        requireInviter(ctx);
        String id;
        try {
            id = UUID.fromString(ctx.pathParam("id")).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
        pages.api(ctx).delete("/api/auth/invites/" + id).body();
        Pages.seeOther(ctx, "/admin/invites?done=invite-revoked");
    }

    /** What the inviter may grant; auth-service decides in the end. */
    static List<String> roles(Profile profile) {
        if (profile.isAdmin()) {
            return List.of("admin", "mssp", "msp", "client", "inventory", "user");
        }
        if (profile.hasRole("mssp")) {
            return List.of("mssp", "msp", "client");
        }
        return List.of("msp", "client");
    }

    private static String defaultRole(Profile profile) {
        return profile.hasRole("mssp") ? "msp" : "client";
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }
}
