package dev.portalsuite.console;

import dev.portalsuite.console.oidc.OidcProviders;
import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * web-console settings, read from environment variables with safe local defaults.
 *
 * @param authUrl where auth-service's API answers (server-side calls; never shown to the browser)
 * @param portalUrl where portal-service's API answers
 * @param freshnessUrl where freshness-service's API answers
 * @param baseUrl the public origin the browser uses ({@code CONSOLE_BASE_URL}); a state-changing request must come
 *     from it (or from the origin the request itself names in {@code Host})
 * @param sessionKeyFile the AES key that encrypts tokens at rest; generated once in development
 * @param generateSessionKey true when a missing key file may be created (development only)
 * @param secureCookie {@code __Host-} prefixed, {@code Secure} session cookie (production)
 * @param refreshAhead how long before the access token expires the console refreshes it
 * @param idleTimeout a console session unused this long ends (auth's {@code REFRESH_IDLE_TTL})
 * @param maxLifetime a console session ends this long after sign-in at the latest (auth's {@code SESSION_MAX_TTL})
 * @param backendTimeout how long one call to a backend API may take before the page says it is unreachable
 * @param oidc Google / Microsoft sign-in, each on when its client id and secret are set
 */
public record ConsoleConfig(
        CommonConfig common,
        URI authUrl,
        URI portalUrl,
        URI freshnessUrl,
        String baseUrl,
        Path sessionKeyFile,
        boolean generateSessionKey,
        boolean secureCookie,
        Duration refreshAhead,
        Duration idleTimeout,
        Duration maxLifetime,
        Duration backendTimeout,
        OidcProviders oidc) {

    public static final int DEFAULT_PORT = 7004;

    public static ConsoleConfig fromEnv(Env env) {
        CommonConfig base = CommonConfig.fromEnv(env, DEFAULT_PORT);
        // CONSOLE_PORT names the console's port; PORT (as every service reads it) is the fallback
        int port = env.port("CONSOLE_PORT", base.port());
        CommonConfig common = new CommonConfig(base.mode(), base.host(), port, base.database(), base.jwt(), base.trustedProxies());
        boolean production = common.mode().isProduction();

        if (production && env.optional("CONSOLE_BASE_URL").isEmpty()) {
            throw new ConfigException("CONSOLE_BASE_URL is required when PORTAL_ENV=production: it is the https origin "
                    + "browsers use, and state-changing requests are checked against it");
        }
        String baseUrl = stripSlash(env.uri("CONSOLE_BASE_URL", "http://localhost:8080").toString());
        if (production && !baseUrl.startsWith("https://")) {
            throw new ConfigException("CONSOLE_BASE_URL must be an https URL when PORTAL_ENV=production, got '" + baseUrl + "'");
        }

        Path keyFile;
        if (env.optional("CONSOLE_SESSION_KEY_FILE").isPresent()) {
            keyFile = env.path("CONSOLE_SESSION_KEY_FILE").orElseThrow();
        } else if (production) {
            throw new ConfigException("CONSOLE_SESSION_KEY_FILE is required when PORTAL_ENV=production (a file holding "
                    + "32 random bytes, base64: head -c 32 /dev/urandom | base64 > console-session.key)");
        } else {
            keyFile = Path.of(env.string("PORTAL_DATA_DIR", "./.portal-data")).resolve("console-session.key");
        }

        return new ConsoleConfig(
                common,
                env.uri("AUTH_URL", "http://127.0.0.1:7001"),
                env.uri("PORTAL_URL", "http://127.0.0.1:7002"),
                env.uri("FRESHNESS_URL", "http://127.0.0.1:7003"),
                baseUrl,
                keyFile.toAbsolutePath().normalize(),
                !production,
                env.bool("CONSOLE_SECURE_COOKIE", production),
                env.duration("CONSOLE_REFRESH_AHEAD", Duration.ofSeconds(60), true),
                env.duration("REFRESH_IDLE_TTL", Duration.ofDays(7), false),
                env.duration("SESSION_MAX_TTL", Duration.ofDays(30), false),
                env.duration("CONSOLE_BACKEND_TIMEOUT", Duration.ofSeconds(10), false),
                OidcProviders.fromEnv(env));
    }

    private static String stripSlash(String text) {
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    @Override
    public String toString() {
        return "ConsoleConfig[port=" + common.port() + ", mode=" + common.mode() + ", authUrl=" + authUrl + ", portalUrl="
                + portalUrl + ", freshnessUrl=" + freshnessUrl + ", baseUrl=" + baseUrl + ", sessionKeyFile=" + sessionKeyFile
                + ", secureCookie=" + secureCookie + ", oidc=" + oidc.byName().keySet() + "]";
    }
}
