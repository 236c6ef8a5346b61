package dev.portalsuite.portal.org;

import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/portal/orgs}. */
public final class OrgController {
    private final OrgService orgs;
    private final OrgRefs orgRefs;
    private final Requests requests;

    public OrgController(OrgService orgs, OrgRefs orgRefs, Requests requests) {
        this.orgs = orgs;
        this.orgRefs = orgRefs;
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
        String rawCursor = Inputs.queryValue(ctx, OrgCursor.PARAMETER);
        OrgCursor cursor = null;
        if (rawCursor != null) {
            if (!ctx.queryParams("offset").isEmpty()) {
                throw ApiException.invalidField(OrgCursor.PARAMETER, "cannot be combined with offset");
            }
            cursor = OrgCursor.decode(rawCursor, query.sortOrDefault());
        }
        ctx.json(orgs.list(orgRefs.scoped(Caller.of(ctx)), query, page, cursor));
    }

    private void get(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        ctx.json(orgs.get(orgRefs.scoped(Caller.of(ctx)), id));
    }

    private void create(Context ctx) {
        CreateOrgRequest request = requests.body(ctx, CreateOrgRequest.class);
        ctx.status(201).json(orgs.create(orgRefs.scoped(Caller.of(ctx)), request));
    }

    private void update(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        UpdateOrgRequest request = requests.patchBody(ctx, UpdateOrgRequest.class, "name", "status", "splaLicense",
                "purchasedLicenses", "activeLicenses", "devices", "parentId");
        ctx.json(orgs.update(orgRefs.scoped(Caller.of(ctx)), id, request));
    }

    private void archive(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        orgs.archive(orgRefs.scoped(Caller.of(ctx)), id);
        ctx.status(204);
    }
}
