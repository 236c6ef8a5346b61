package dev.portalsuite.shared.security;

import dev.portalsuite.shared.config.Env;
import java.time.Duration;

/** {@code JWT_ISSUER}, {@code JWT_AUDIENCE}; leeway is fixed at 30 s by design. */
public record JwtSettings(String issuer, String audience, Duration leeway) {
    public static final Duration MAX_LEEWAY = Duration.ofSeconds(30);

    public JwtSettings {
        if (leeway.compareTo(MAX_LEEWAY) > 0 || leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must be between 0 and 30 seconds");
        }
    }

    public static JwtSettings fromEnv(Env env) {
        return new JwtSettings(env.string("JWT_ISSUER", "portal-suite"), env.string("JWT_AUDIENCE", "portal-suite"), MAX_LEEWAY);
    }
}
