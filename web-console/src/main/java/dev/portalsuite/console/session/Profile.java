package dev.portalsuite.console.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.UUID;

/**
 * Who is signed in, as auth-service's {@code User} describes them: what pages render (name, menu by role). The
 * APIs stay the authority on what the user may do; this only decides what to offer.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Profile(UUID id, String email, String fullName, List<String> roles, UUID orgId, String orgType,
                      Boolean emailVerified) {
    public Profile {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The account's address is not verified yet (auth-service says so explicitly; unknown counts as verified). */
    public boolean unverified() {
        return Boolean.FALSE.equals(emailVerified);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }

    /** MSSP, MSP and client staff (and admins) see the organisation hierarchy. */
    public boolean seesOrganisations() {
        return isAdmin() || hasRole("mssp") || hasRole("msp") || hasRole("client");
    }

    public boolean managesBatches() {
        return isAdmin() || hasRole("inventory");
    }

    public boolean mayInvite() {
        return isAdmin() || hasRole("mssp") || hasRole("msp");
    }

    public String displayName() {
        return fullName == null || fullName.isBlank() ? email : fullName;
    }

    public String roleLabel() {
        return roles.isEmpty() ? "user" : String.join(", ", roles);
    }
}
