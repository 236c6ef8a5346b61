package dev.portalsuite.shared.config;

import java.util.Locale;

/** {@code PORTAL_ENV}: production refuses generated keys, demo data and default secrets. */
public enum DeploymentMode {
    DEVELOPMENT, PRODUCTION;

    public boolean isProduction() {
        return this == PRODUCTION;
    }

    static DeploymentMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "development", "dev" -> DEVELOPMENT;
            case "production", "prod" -> PRODUCTION;
            default -> throw new ConfigException("PORTAL_ENV must be 'development' or 'production', got '" + value + "'");
        };
    }
}
