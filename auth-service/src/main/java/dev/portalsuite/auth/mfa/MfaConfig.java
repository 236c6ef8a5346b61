package dev.portalsuite.auth.mfa;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.security.Role;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Multi-factor settings.
 *
 * @param requiredRoles {@code MFA_REQUIRED_ROLES}: people in these roles without a second factor sign in to a token
 *     that may only enrol one (production default {@code admin}, development none)
 * @param stepUpMaxAge {@code STEP_UP_MAX_AGE}: how old a second-factor authentication may be for a sensitive action
 * @param stepUpRequired {@code STEP_UP_REQUIRED}: sensitive actions demand a recent second factor (always in
 *     production; development and tests may switch it off where a test is not about step-up)
 * @param keyFile {@code MFA_KEY_FILE}: the AES-256 key (base64) that encrypts TOTP secrets at rest; generated under
 *     the data directory in development, required in production
 * @param rpId {@code WEBAUTHN_RP_ID}: the WebAuthn relying-party id (a registrable domain); default the host of
 *     {@code CONSOLE_BASE_URL}
 * @param origins {@code WEBAUTHN_ORIGINS}: the origins passkey ceremonies may come from; default the origin of
 *     {@code CONSOLE_BASE_URL}
 * @param maxFailures failed second steps before the MFA step locks (same number as the password lockout)
 * @param lockDuration how long it stays locked
 */
public record MfaConfig(
        Set<String> requiredRoles,
        Duration stepUpMaxAge,
        boolean stepUpRequired,
        Optional<Path> keyFile,
        String rpId,
        List<String> origins,
        int maxFailures,
        Duration lockDuration) {

    public static final String DEFAULT_CONSOLE_BASE_URL = "http://localhost:8080";

    public MfaConfig {
        requiredRoles = Set.copyOf(requiredRoles);
        origins = List.copyOf(origins);
    }

    public static MfaConfig fromEnv(Env env, boolean production, int maxFailures, Duration lockDuration) {
        Set<String> roles = env.list("MFA_REQUIRED_ROLES", production ? "admin" : "").stream()
                .map(r -> r.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (String role : roles) {
            if (Role.fromClaim(role).filter(r -> r != Role.SERVICE).isEmpty()) {
                throw new ConfigException("MFA_REQUIRED_ROLES lists an unknown person role '" + role + "'");
            }
        }
        Duration maxAge = env.duration("STEP_UP_MAX_AGE", Duration.ofMinutes(15), false);
        if (maxAge.compareTo(Duration.ofHours(12)) > 0) {
            throw new ConfigException("STEP_UP_MAX_AGE must be at most PT12H, got " + maxAge);
        }
        boolean stepUpRequired = env.bool("STEP_UP_REQUIRED", true);
        if (production && !stepUpRequired) {
            throw new ConfigException("STEP_UP_REQUIRED=false is not allowed when PORTAL_ENV=production");
        }
        Optional<Path> keyFile = env.path("MFA_KEY_FILE");
        if (production && keyFile.isEmpty()) {
            throw new ConfigException("MFA_KEY_FILE is required when PORTAL_ENV=production (generated keys are for development only)");
        }
        URI console = env.uri("CONSOLE_BASE_URL", DEFAULT_CONSOLE_BASE_URL);
        String rpId = env.string("WEBAUTHN_RP_ID", console.getHost()).toLowerCase(Locale.ROOT);
        if (rpId.isBlank() || rpId.contains("/") || rpId.contains(":")) {
            throw new ConfigException("WEBAUTHN_RP_ID must be a host name such as portal.example.com, got '" + rpId + "'");
        }
        List<String> origins = env.list("WEBAUTHN_ORIGINS", origin(console));
        for (String origin : origins) {
            URI uri;
            try {
                uri = URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("WEBAUTHN_ORIGINS has a malformed origin '" + origin + "'");
            }
            if (uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new ConfigException("WEBAUTHN_ORIGINS entries must be origins such as https://portal.example.com, got '"
                        + origin + "'");
            }
            if (!uri.getHost().equals(rpId) && !uri.getHost().endsWith("." + rpId)) {
                throw new ConfigException("WEBAUTHN_ORIGINS entry " + origin + " is not on WEBAUTHN_RP_ID " + rpId);
            }
            if (production && uri.getScheme().equals("http") && !uri.getHost().equals("localhost")) {
                throw new ConfigException("WEBAUTHN_ORIGINS must be https when PORTAL_ENV=production, got " + origin);
            }
        }
        if (origins.isEmpty()) {
            throw new ConfigException("WEBAUTHN_ORIGINS must name at least one origin");
        }
        return new MfaConfig(roles, maxAge, stepUpRequired, keyFile, rpId, origins, maxFailures, lockDuration);
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
