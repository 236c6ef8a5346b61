package dev.portalsuite.portal.org;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.portal.scope.Scope;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;

/**
 * Who may place an organisation where:
 * <ul>
 *   <li>create: admin anything; role {@code mssp} (its organisation an MSSP) an MSP under its own MSSP or a
 *       client anywhere in its subtree; role {@code msp} (its organisation an MSP) a client under its own MSP;</li>
 *   <li>update: admin anything; roles {@code mssp}/{@code msp} organisations strictly below their own
 *       (only admins move organisations to another parent);</li>
 *   <li>a parent fits its child's type: an MSP hangs under an MSSP, a client under an MSP or an MSSP.</li>
 * </ul>
 */
final class OrgRules {
    private OrgRules() {
    }

    static void checkParentFits(String type, OrgRef parent) {
        if (type.equals("MSP") && !parent.type().equals("MSSP")) {
            throw ApiException.invalidField("parentId", "an MSP's parent must be an MSSP");
        }
        if (type.equals("CLIENT") && parent.type().equals("CLIENT")) {
            throw ApiException.invalidField("parentId", "a client's parent must be an MSP or an MSSP");
        }
    }

    static void checkParentActive(OrgRef parent) {
        if (parent != null && parent.status().equals("INACTIVE")) {
            throw ApiException.conflict("The parent organisation is archived; reactivate it first.");
        }
    }

    /** @param parent in the caller's scope (checked before); null for an MSSP */
    static void checkMayCreate(ScopedCaller caller, String type, OrgRef parent) {
        if (caller.isAdmin()) {
            return;
        }
        OrgRef own = caller.org();
        if (caller.hasRole(Role.MSSP) && own != null && own.type().equals("MSSP")) {
            if (type.equals("MSP") && parent.id().equals(own.id())) {
                return; // an MSP under its own MSSP
            }
            if (type.equals("CLIENT")) {
                return; // a client anywhere in its subtree (the parent is in scope)
            }
        }
        if (caller.hasRole(Role.MSP) && own != null && own.type().equals("MSP")
                && type.equals("CLIENT") && parent.id().equals(own.id())) {
            return; // a client under its own MSP
        }
        throw ApiException.forbidden("Your role may not create an organisation of type " + type + " here.");
    }

    static void checkMayUpdate(ScopedCaller caller, Scope scope, OrgRef current, boolean moving) {
        if (caller.isAdmin()) {
            return;
        }
        boolean owner = (caller.hasRole(Role.MSSP) || caller.hasRole(Role.MSP)) && scope.containsStrictlyBelowRoot(current);
        if (!owner) {
            throw ApiException.forbidden("You may edit only organisations below your own.");
        }
        if (moving) {
            throw ApiException.forbidden("Only administrators may move an organisation to another parent.");
        }
    }
}
