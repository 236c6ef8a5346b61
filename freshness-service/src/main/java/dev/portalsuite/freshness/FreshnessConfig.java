package dev.portalsuite.freshness;

import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.security.AuthKeys;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * freshness-service settings, read from environment variables with safe local defaults.
 *
 * @param publicBaseUrl where the public page is reachable, without a trailing slash; QR codes encode
 *     {@code publicBaseUrl + "/b/" + publicCode}, so once codes are printed this must not change
 * @param zone the zone whose calendar day counts as "today" for days on shelf
 */
public record FreshnessConfig(
        CommonConfig common,
        AuthKeys authKeys,
        String publicBaseUrl,
        ZoneId zone) {

    public static final int DEFAULT_PORT = 7003;
    public static final String DEFAULT_PUBLIC_BASE_URL = "http://localhost:8080";

    public static FreshnessConfig fromEnv(Env env) {
        CommonConfig common = CommonConfig.fromEnv(env, DEFAULT_PORT);
        boolean production = common.mode().isProduction();
        if (production && env.optional("PUBLIC_BASE_URL").isEmpty()) {
            throw new ConfigException("PUBLIC_BASE_URL is required when PORTAL_ENV=production: QR codes printed on "
                    + "packages encode it, so it must be the real public https address");
        }
        String publicBaseUrl = publicBaseUrl(env.uri("PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL));
        if (production && !publicBaseUrl.startsWith("https://")) {
            throw new ConfigException("PUBLIC_BASE_URL must be an https URL when PORTAL_ENV=production, got '"
                    + publicBaseUrl + "'");
        }
        return new FreshnessConfig(
                common,
                AuthKeys.fromEnv(env),
                publicBaseUrl,
                zone(env.string("FRESHNESS_ZONE", "UTC")));
    }

    /** An http(s) URL without query, fragment or user info; a trailing slash is dropped. */
    static String publicBaseUrl(URI uri) {
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException("PUBLIC_BASE_URL must be a plain http(s) URL without query, fragment or "
                    + "credentials, got '" + uri + "'");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw);
        } catch (DateTimeException e) {
            throw new ConfigException("FRESHNESS_ZONE must be a time zone id such as UTC or Europe/Berlin, got '" + raw + "'");
        }
    }

    @Override
    public String toString() {
        return "FreshnessConfig[port=" + common.port() + ", mode=" + common.mode() + ", authKeys=" + authKeys
                + ", publicBaseUrl=" + publicBaseUrl + ", zone=" + zone + "]";
    }
}
