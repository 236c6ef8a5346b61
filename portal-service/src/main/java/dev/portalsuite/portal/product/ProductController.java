package dev.portalsuite.portal.product;

import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Pagination;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/portal/products} and {@code /api/portal/orgs/{id}/products/{productId}}. */
public final class ProductController {
    private final ProductService products;
    private final OrgRefs orgRefs;
    private final Requests requests;

    public ProductController(ProductService products, OrgRefs orgRefs, Requests requests) {
        this.products = products;
        this.orgRefs = orgRefs;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/portal/products", this::list, Access.AUTHENTICATED);
        routes.post("/api/portal/products", this::create, Role.ADMIN);
        routes.put("/api/portal/orgs/{id}/products/{productId}", this::enable, Role.ADMIN);
        routes.delete("/api/portal/orgs/{id}/products/{productId}", this::disable, Role.ADMIN);
    }

    private void list(Context ctx) {
        var orgId = Requests.uuidQuery(ctx, "orgId");
        Pagination page = Pagination.from(ctx);
        Caller caller = Caller.of(ctx);
        ctx.json(products.list(orgId == null ? ScopedCaller.withoutOrg(caller) : orgRefs.scoped(caller), orgId, page));
    }

    private void create(Context ctx) {
        CreateProductRequest request = requests.body(ctx, CreateProductRequest.class);
        ctx.status(201).json(products.create(ScopedCaller.withoutOrg(Caller.of(ctx)), request));
    }

    private void enable(Context ctx) {
        var orgId = Requests.uuidPath(ctx, "id");
        var productId = Requests.uuidPath(ctx, "productId");
        products.enable(ScopedCaller.withoutOrg(Caller.of(ctx)), orgId, productId);
        ctx.status(204);
    }

    private void disable(Context ctx) {
        var orgId = Requests.uuidPath(ctx, "id");
        var productId = Requests.uuidPath(ctx, "productId");
        products.disable(ScopedCaller.withoutOrg(Caller.of(ctx)), orgId, productId);
        ctx.status(204);
    }
}
