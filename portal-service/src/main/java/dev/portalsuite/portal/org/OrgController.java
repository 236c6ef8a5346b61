package dev.portalsuite.portal.org;

import dev.portalsuite.portal.web.Callers;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/portal/orgs}. */
public final class OrgController {
    private final OrgService orgs;
    private final Callers callers;
    private final Requests requests;

    public OrgController(OrgService orgs, Callers callers, Requests requests) {
        this.orgs = orgs;
        this.callers = callers;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/orgs", this::list, Access.AUTHENTICATED);
        routes.post("/api/portal/orgs", this::create, Role.ADMIN, Role.MSSP, Role.MSP);
        routes.get("/api/portal/orgs/{id}", this::get, Access.AUTHENTICATED);
        routes.patch("/api/portal/orgs/{id}", this::update, Role.ADMIN, Role.MSSP, Role.MSP);
        routes.delete("/api/portal/orgs/{id}", this::archive, Role.ADMIN);
    }

    private void list(Context ctx) {
        OrgQuery query = new OrgQuery(
                Inputs.queryEnum(ctx, "type", OrgService.TYPES),
                Inputs.queryEnum(ctx, "status", OrgService.STATUSES),
                Requests.uuidQuery(ctx, "parentId"),
                Inputs.queryText(ctx, "q", 200),
                Inputs.queryEnum(ctx, "sort", OrgQuery.SORTS.keySet()));
        Pagination page = Pagination.from(ctx);
        ctx.json(orgs.list(callers.of(ctx), query, page));
    }

    private void get(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        ctx.json(orgs.get(callers.of(ctx), id));
    }

    private void create(Context ctx) {
        CreateOrgRequest request = requests.body(ctx, CreateOrgRequest.class);
        ctx.status(201).json(orgs.create(callers.of(ctx), request));
    }

    private void update(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        UpdateOrgRequest request = requests.patchBody(ctx, UpdateOrgRequest.class, "name", "status", "splaLicense",
                "purchasedLicenses", "activeLicenses", "devices", "parentId");
        ctx.json(orgs.update(callers.of(ctx), id, request));
    }

    private void archive(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        orgs.archive(callers.of(ctx), id);
        ctx.status(204);
    }
}
