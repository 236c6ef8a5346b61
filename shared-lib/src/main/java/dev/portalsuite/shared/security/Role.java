package dev.portalsuite.shared.security;

import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles carried in the {@code roles} claim. */
public enum Role implements RouteRole {
    ADMIN, MSSP, MSP, CLIENT, INVENTORY, USER, SERVICE;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The organisation type a member with this role belongs to; admins, plain users and services have none. */
    public Optional<OrgType> orgType() {
        return switch (this) {
            case MSSP -> Optional.of(OrgType.MSSP);
            case MSP -> Optional.of(OrgType.MSP);
            case CLIENT, INVENTORY -> Optional.of(OrgType.CLIENT);
            case ADMIN, USER, SERVICE -> Optional.empty();
        };
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claim().equals(value)).findFirst();
    }
}
