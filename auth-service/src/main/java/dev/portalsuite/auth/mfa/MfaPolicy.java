package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.account.User;
import java.util.Set;

/** {@code MFA_REQUIRED_ROLES}: people in these roles must have a second factor. */
public record MfaPolicy(Set<String> requiredRoles) {
    public MfaPolicy {
        requiredRoles = Set.copyOf(requiredRoles);
    }

    public boolean requiresFactor(User user) {
        return user.roles().stream().anyMatch(requiredRoles::contains);
    }
}
