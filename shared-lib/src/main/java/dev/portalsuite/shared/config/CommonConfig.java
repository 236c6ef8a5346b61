package dev.portalsuite.shared.config;

import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.security.JwtSettings;
import dev.portalsuite.shared.web.TrustedProxies;

/** The settings every service reads the same way. */
public record CommonConfig(
        DeploymentMode mode,
        String host,
        int port,
        DatabaseConfig database,
        JwtSettings jwt,
        TrustedProxies trustedProxies) {

    public static CommonConfig fromEnv(Env env, int defaultPort) {
        DeploymentMode mode = env.mode();
        return new CommonConfig(
                mode,
                env.string("HOST", "0.0.0.0"),
                env.port("PORT", defaultPort),
                DatabaseConfig.fromEnv(env, mode),
                JwtSettings.fromEnv(env),
                TrustedProxies.parse("TRUSTED_PROXIES", env.string("TRUSTED_PROXIES", "127.0.0.1/32,::1/128")));
    }
}
