package dev.portalsuite.portal.scope;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import java.util.Optional;
import java.util.UUID;

/**
 * The caller of a request with its organisation resolved from the database (the token's {@code org} claim; the
 * claim's {@code orgType} is not trusted for scope decisions): what portal's scope rules decide on. Built by
 * {@link OrgRefs#scoped(Caller)}, or {@link #withoutOrg(Caller)} on routes that need no organisation.
 */
public record ScopedCaller(Caller caller, OrgRef org) {

    /** For routes that need no organisation (service ingest, admin-only lists): no lookup. */
    public static ScopedCaller withoutOrg(Caller caller) {
        return new ScopedCaller(caller, null);
    }

    /** An administrator acting from inside the process (the local suite's demo data). */
    public static ScopedCaller system() {
        return withoutOrg(Caller.system());
    }

    public Principal principal() {
        return caller.principal();
    }

    public boolean isAdmin() {
        return caller.isAdmin();
    }

    public boolean hasRole(Role role) {
        return caller.hasRole(role);
    }

    public String subject() {
        return caller.subject();
    }

    /** The user id of a user token; empty for service clients (whose subject is a client id). */
    public Optional<UUID> userId() {
        Principal principal = caller.principal();
        if (principal.roles().contains(Role.SERVICE.claim()) && principal.roles().size() == 1) {
            return Optional.empty();
        }
        String subject = principal.subject();
        if (subject == null || subject.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Admins see everything; a caller whose organisation exists sees its subtree; anyone else sees nothing. */
    public Scope scope() {
        if (isAdmin()) {
            return Scope.all();
        }
        return org == null ? Scope.none() : Scope.subtreeOf(org);
    }
}
