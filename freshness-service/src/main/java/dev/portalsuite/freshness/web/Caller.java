package dev.portalsuite.freshness.web;

import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import io.javalin.http.Context;
import java.util.UUID;

/**
 * Who is asking, as the services see it: admins see every organisation's batches; everyone else
 * (role {@code inventory}) only the batches of the organisation in their token's {@code org} claim.
 */
public record Caller(String subject, UUID orgId, boolean admin) {

    public static Caller of(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        return new Caller(principal.subject(), principal.orgId(), principal.hasRole(Role.ADMIN));
    }

    /** The organisation whose batches the caller may see, or null for all of them (admin). */
    public UUID visibleOrg() {
        if (admin) {
            return null;
        }
        return ownOrg();
    }

    /** The caller's own organisation; a 403 when the account has none. */
    public UUID ownOrg() {
        if (orgId == null) {
            throw ApiException.forbidden("Your account does not belong to an organisation, and batches always belong "
                    + "to one. Ask an administrator to assign your account to your organisation.");
        }
        return orgId;
    }
}
