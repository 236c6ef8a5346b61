package dev.portalsuite.portal;

import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** portal-service settings, read from environment variables with safe local defaults. */
public record PortalConfig(
        CommonConfig common,
        URI authJwksUrl,
        Optional<Path> authPublicKeyFile,
        Duration syncStaleAfter) {

    public static final int DEFAULT_PORT = 7002;
    public static final String DEFAULT_JWKS_URL = "http://127.0.0.1:7001/.well-known/jwks.json";

    public static PortalConfig fromEnv(Env env) {
        CommonConfig common = CommonConfig.fromEnv(env, DEFAULT_PORT);
        Duration staleAfter = env.duration("SYNC_STALE_AFTER", Duration.ofHours(1), false);
        if (staleAfter.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("SYNC_STALE_AFTER must be at least PT1M, got " + staleAfter);
        }
        return new PortalConfig(
                common,
                env.uri("AUTH_JWKS_URL", DEFAULT_JWKS_URL),
                env.path("AUTH_PUBLIC_KEY_FILE"),
                staleAfter);
    }

    @Override
    public String toString() {
        return "PortalConfig[port=" + common.port() + ", mode=" + common.mode() + ", authJwksUrl=" + authJwksUrl
                + ", syncStaleAfter=" + syncStaleAfter + "]";
    }
}
