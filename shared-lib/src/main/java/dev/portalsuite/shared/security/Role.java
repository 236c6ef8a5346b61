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

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claim().equals(value)).findFirst();
    }
}
