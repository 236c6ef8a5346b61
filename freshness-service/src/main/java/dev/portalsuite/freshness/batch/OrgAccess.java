package dev.portalsuite.freshness.batch;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import java.util.UUID;

/**
 * Whose batches a caller may see: admins see every organisation's batches; everyone else (role
 * {@code inventory}) only the batches of the organisation in their token's {@code org} claim.
 */
final class OrgAccess {
    private OrgAccess() {
    }

    /** The organisation whose batches the caller may see, or null for all of them (admin). */
    static UUID visibleOrg(Caller caller) {
        if (caller.isAdmin()) {
            return null;
        }
        return ownOrg(caller);
    }

    /** The caller's own organisation; a 403 when the account has none. */
    static UUID ownOrg(Caller caller) {
        if (caller.orgId() == null) {
            throw ApiException.forbidden("Your account does not belong to an organisation, and batches always belong "
                    + "to one. Ask an administrator to assign your account to your organisation.");
        }
        return caller.orgId();
    }
}
