package dev.portalsuite.sync;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.DeploymentMode;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * heimdal-sync's settings, read from environment variables and checked before anything runs: a missing or
 * malformed value stops the job with a message naming the variable (exit code 2). {@link #toString()} never
 * shows the API key or the client secret.
 */
public record SyncConfig(
        DeploymentMode mode,
        URI heimdalBaseUrl,
        String heimdalApiKey,
        String heimdalCustomerId,
        int heimdalPageSize,
        int heimdalMaxPages,
        Duration heimdalConnectTimeout,
        Duration heimdalReadTimeout,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Duration maxRetryAfter,
        URI portalUrl,
        URI authUrl,
        Duration serviceTimeout,
        String clientId,
        String clientSecret,
        UUID msspOrgId,
        int batchSize) {

    /** The client id the local suite provisions and the job uses by default. */
    public static final String DEFAULT_CLIENT_ID = "heimdal-sync";
    /**
     * The client secret the local suite provisions in development when {@code SYNC_CLIENT_SECRET} is not set,
     * and the job's default in development. Refused when {@code PORTAL_ENV=production}.
     */
    public static final String DEVELOPMENT_CLIENT_SECRET = "heimdal-sync-development-secret";
    public static final String SOURCE = "heimdal";
    public static final int MAX_BATCH = 1000;
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    public static SyncConfig fromEnv(Env env) {
        DeploymentMode mode = env.mode();
        String apiKey = env.required("HEIMDAL_API_KEY");
        if (apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new ConfigException("HEIMDAL_API_KEY must be printable ASCII without spaces (it is sent as a Bearer token)");
        }
        String customerId = env.required("HEIMDAL_CUSTOMER_ID");
        if (customerId.length() > 200 || customerId.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException("HEIMDAL_CUSTOMER_ID must be 1 to 200 characters without control characters");
        }
        String clientId = env.string("SYNC_CLIENT_ID", DEFAULT_CLIENT_ID);
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw new ConfigException("SYNC_CLIENT_ID must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-', got '" + clientId + "'");
        }
        String secret = env.optional("SYNC_CLIENT_SECRET").orElse(null);
        if (secret == null) {
            if (mode.isProduction()) {
                throw new ConfigException("SYNC_CLIENT_SECRET is required when PORTAL_ENV=production");
            }
            secret = DEVELOPMENT_CLIENT_SECRET;
        } else if (mode.isProduction() && secret.equals(DEVELOPMENT_CLIENT_SECRET)) {
            throw new ConfigException("SYNC_CLIENT_SECRET must not be the development default when PORTAL_ENV=production");
        }
        UUID mssp;
        String rawMssp = env.required("SYNC_MSSP_ORG_ID");
        try {
            mssp = UUID.fromString(rawMssp);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SYNC_MSSP_ORG_ID must be the UUID of the MSSP organisation in the portal, got '" + rawMssp + "'");
        }
        Duration base = env.duration("SYNC_RETRY_BASE_DELAY", Duration.ofSeconds(1), false);
        Duration max = env.duration("SYNC_RETRY_MAX_DELAY", Duration.ofSeconds(30), false);
        if (base.compareTo(max) > 0) {
            throw new ConfigException("SYNC_RETRY_BASE_DELAY must not be longer than SYNC_RETRY_MAX_DELAY");
        }
        return new SyncConfig(
                mode,
                baseUrl(env, "HEIMDAL_BASE_URL", null, mode),
                apiKey,
                customerId,
                env.integer("HEIMDAL_PAGE_SIZE", 500, 1, 1000),
                env.integer("HEIMDAL_MAX_PAGES", 10_000, 1, 1_000_000),
                env.duration("HEIMDAL_CONNECT_TIMEOUT", Duration.ofSeconds(10), false),
                env.duration("HEIMDAL_READ_TIMEOUT", Duration.ofSeconds(60), false),
                env.integer("SYNC_MAX_ATTEMPTS", 5, 1, 20),
                base,
                max,
                env.duration("SYNC_MAX_RETRY_AFTER", Duration.ofMinutes(2), true),
                baseUrl(env, "PORTAL_URL", "http://127.0.0.1:7002", mode),
                baseUrl(env, "AUTH_URL", "http://127.0.0.1:7001", mode),
                env.duration("SYNC_SERVICE_TIMEOUT", Duration.ofSeconds(60), false),
                clientId,
                secret,
                mssp,
                env.integer("SYNC_BATCH_SIZE", MAX_BATCH, 1, MAX_BATCH));
    }

    /** An http(s) URL without query, fragment or user info; trailing slashes are dropped. */
    private static URI baseUrl(Env env, String name, String defaultValue, DeploymentMode mode) {
        if (defaultValue == null) {
            env.required(name);
        }
        URI uri = env.uri(name, defaultValue);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException(name + " must be a base URL without query, fragment or credentials");
        }
        if (name.equals("HEIMDAL_BASE_URL") && mode.isProduction() && uri.getScheme().equals("http") && !isLoopback(uri.getHost())) {
            throw new ConfigException(name + " must use https when PORTAL_ENV=production (the API key travels over it), got " + uri);
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public String toString() {
        return "SyncConfig[mode=" + mode + ", heimdalBaseUrl=" + heimdalBaseUrl + ", heimdalApiKey=***"
                + ", heimdalCustomerId=" + heimdalCustomerId + ", heimdalPageSize=" + heimdalPageSize
                + ", portalUrl=" + portalUrl + ", authUrl=" + authUrl + ", clientId=" + clientId + ", clientSecret=***"
                + ", msspOrgId=" + msspOrgId + ", batchSize=" + batchSize + ", maxAttempts=" + maxAttempts + "]";
    }
}
