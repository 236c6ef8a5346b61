package dev.portalsuite.portal.scope;

import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The verified caller of a request with its organisation resolved from the database (the token's
 * {@code org} claim; the claim's {@code orgType} is not trusted for scope decisions), plus where the
 * request came from, for the audit log.
 */
public record Caller(Principal principal, OrgRef org, String ip, String requestId) {
    public static final String SYSTEM_SUBJECT = "system";

    /** An administrator acting from inside the process (the local suite's demo data). */
    public static Caller system() {
        return new Caller(new Principal(SYSTEM_SUBJECT, null, null, "system", Set.of(Role.ADMIN.claim()), null, null,
                Set.of(), null), null, null, null);
    }

    public boolean isAdmin() {
        return principal.hasRole(Role.ADMIN);
    }

    public boolean hasRole(Role role) {
        return principal.hasRole(role);
    }

    public String subject() {
        return principal.subject();
    }

    /** The user id of a user token; empty for service clients (whose subject is a client id). */
    public Optional<UUID> userId() {
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
