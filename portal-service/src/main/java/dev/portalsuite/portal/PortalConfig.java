package dev.portalsuite.portal;

import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.security.AuthKeys;
import java.time.Duration;

/** portal-service settings, read from environment variables with safe local defaults. */
public record PortalConfig(
        CommonConfig common,
        AuthKeys authKeys,
        Duration syncStaleAfter) {

    public static final int DEFAULT_PORT = 7002;

    public static PortalConfig fromEnv(Env env) {
        CommonConfig common = CommonConfig.fromEnv(env, DEFAULT_PORT);
        Duration staleAfter = env.duration("SYNC_STALE_AFTER", Duration.ofHours(1), false);
        if (staleAfter.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new ConfigException("SYNC_STALE_AFTER must be at least PT1M, got " + staleAfter);
        }
        return new PortalConfig(
                common,
                AuthKeys.fromEnv(env),
                staleAfter);
    }

    @Override
    public String toString() {
        return "PortalConfig[port=" + common.port() + ", mode=" + common.mode() + ", authKeys=" + authKeys
                + ", syncStaleAfter=" + syncStaleAfter + "]";
    }
}
