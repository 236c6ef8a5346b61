package dev.portalsuite.auth;

import dev.portalsuite.auth.mail.EmailFlowsConfig;
import dev.portalsuite.auth.mail.MailConfig;
import dev.portalsuite.auth.mfa.MfaConfig;
import dev.portalsuite.auth.oidc.OidcProvider;
import dev.portalsuite.shared.config.CommonConfig;
import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** auth-service settings, read from environment variables with safe local defaults. */
public record AuthConfig(
        CommonConfig common,
        Path dataDir,
        Optional<Path> signingKeyFile,
        List<Path> previousKeyFiles,
        int bcryptCost,
        int maxConcurrentHashes,
        Duration hashQueueWait,
        int lockoutMaxFailures,
        Duration lockoutDuration,
        int rateLimitRequests,
        Duration rateLimitWindow,
        Duration accessTokenTtl,
        Duration refreshIdleTtl,
        Duration sessionMaxTtl,
        Optional<String> bootstrapAdminEmail,
        Optional<String> bootstrapAdminPassword,
        URI portalUrl,
        Duration inviteTtl,
        OidcProvider google,
        OidcProvider azure,
        MailConfig mail,
        EmailFlowsConfig emailFlows,
        MfaConfig mfa) {

    public static final int DEFAULT_PORT = 7001;
    public static final String DEFAULT_PORTAL_URL = "http://127.0.0.1:7002";

    public static AuthConfig fromEnv(Env env) {
        CommonConfig common = CommonConfig.fromEnv(env, DEFAULT_PORT);
        boolean production = common.mode().isProduction();
        Optional<Path> keyFile = env.path("AUTH_SIGNING_KEY_FILE");
        if (production && keyFile.isEmpty()) {
            throw new ConfigException("AUTH_SIGNING_KEY_FILE is required when PORTAL_ENV=production (generated keys are for development only)");
        }
        int cost = env.integer("BCRYPT_COST", 12, 4, 31);
        if (production && cost < 10) {
            throw new ConfigException("BCRYPT_COST must be at least 10 when PORTAL_ENV=production");
        }
        Optional<String> adminPassword = env.optional("BOOTSTRAP_ADMIN_PASSWORD");
        Optional<String> adminEmail = env.optional("BOOTSTRAP_ADMIN_EMAIL");
        if (adminEmail.isPresent() != adminPassword.isPresent()) {
            throw new ConfigException("BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together");
        }
        if (production && adminPassword.filter(p -> p.equals("Admin@123!")).isPresent()) {
            throw new ConfigException("BOOTSTRAP_ADMIN_PASSWORD must not be the demo password when PORTAL_ENV=production");
        }
        Duration idle = env.duration("REFRESH_IDLE_TTL", Duration.ofDays(7), false);
        Duration max = env.duration("SESSION_MAX_TTL", Duration.ofDays(30), false);
        if (idle.compareTo(max) > 0) {
            throw new ConfigException("REFRESH_IDLE_TTL must not be longer than SESSION_MAX_TTL");
        }
        Duration inviteTtl = env.duration("INVITE_TTL", Duration.ofDays(7), false);
        if (inviteTtl.compareTo(Duration.ofDays(90)) > 0) {
            throw new ConfigException("INVITE_TTL must be at most P90D, got " + inviteTtl);
        }
        int lockoutMaxFailures = env.integer("LOCKOUT_MAX_FAILURES", 5, 1, 1000);
        Duration lockoutDuration = env.duration("LOCKOUT_DURATION", Duration.ofMinutes(15), false);
        return new AuthConfig(
                common,
                Path.of(env.string("PORTAL_DATA_DIR", "./.portal-data")),
                keyFile,
                env.list("AUTH_PREVIOUS_KEY_FILES", "").stream().map(Path::of).toList(),
                cost,
                env.integer("BCRYPT_MAX_CONCURRENT", Runtime.getRuntime().availableProcessors(), 1, 256),
                env.duration("BCRYPT_QUEUE_WAIT", Duration.ofSeconds(1), true),
                lockoutMaxFailures,
                lockoutDuration,
                env.integer("RATE_LIMIT_AUTH", 10, 0, 1_000_000),
                env.duration("RATE_LIMIT_WINDOW", Duration.ofMinutes(15), false),
                env.duration("ACCESS_TOKEN_TTL", Duration.ofMinutes(15), false),
                idle,
                max,
                adminEmail,
                adminPassword,
                env.uri("PORTAL_URL", DEFAULT_PORTAL_URL),
                inviteTtl,
                OidcProvider.google(env),
                OidcProvider.azure(env),
                MailConfig.fromEnv(env, production),
                EmailFlowsConfig.fromEnv(env),
                MfaConfig.fromEnv(env, production, lockoutMaxFailures, lockoutDuration));
    }

    @Override
    public String toString() {
        return "AuthConfig[port=" + common.port() + ", mode=" + common.mode() + ", bcryptCost=" + bcryptCost
                + ", portalUrl=" + portalUrl + ", google=" + google.enabled() + ", azure=" + azure.enabled() + ", " + mail + "]";
    }
}
