package dev.portalsuite.portal.web;

import dev.portalsuite.portal.scope.Caller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.OrgRefs;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.web.RequestIds;
import io.javalin.http.Context;

/** Turns a request's verified principal into a {@link Caller} (one primary-key read for its organisation). */
public final class Callers {
    private final OrgRefs orgs;

    public Callers(OrgRefs orgs) {
        this.orgs = orgs;
    }

    public Caller of(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        OrgRef org = principal.orgId() == null ? null : orgs.find(principal.orgId()).orElse(null);
        return new Caller(principal, org, ctx.ip(), ctx.attribute(RequestIds.MDC_KEY));
    }

    /** For routes that need no organisation (service ingest, admin-only lists): skips the lookup. */
    public static Caller withoutOrg(Context ctx) {
        return new Caller(AccessControl.principal(ctx), null, ctx.ip(), ctx.attribute(RequestIds.MDC_KEY));
    }
}
