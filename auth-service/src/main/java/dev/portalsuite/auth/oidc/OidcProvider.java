package dev.portalsuite.auth.oidc;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One OpenID Connect provider whose ID tokens auth-service accepts. A provider without a client id is off:
 * its sign-in route answers 404.
 *
 * @param name {@code google} or {@code azure}, as in the route
 * @param clientId the OAuth client id registered with the provider; ID tokens must carry it as {@code aud}
 * @param jwksUrl where the provider publishes its signing keys
 * @param tenantId Azure only: when present, only ID tokens of this Entra ID tenant ({@code tid}) are accepted
 */
public record OidcProvider(String name, Optional<String> clientId, URI jwksUrl, Optional<String> tenantId) {
    public static final String GOOGLE = "google";
    public static final String AZURE = "azure";
    public static final String GOOGLE_JWKS_URL = "https://www.googleapis.com/oauth2/v3/certs";
    public static final String AZURE_JWKS_URL = "https://login.microsoftonline.com/common/discovery/v2.0/keys";
    private static final Pattern TENANT = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x7e]{1,255}");

    public boolean enabled() {
        return clientId.isPresent();
    }

    public static OidcProvider google(Env env) {
        return new OidcProvider(GOOGLE, clientId(env, "GOOGLE_CLIENT_ID"), env.uri("GOOGLE_JWKS_URL", GOOGLE_JWKS_URL),
                Optional.empty());
    }

    public static OidcProvider azure(Env env) {
        Optional<String> tenant = env.optional("AZURE_TENANT_ID");
        if (tenant.isPresent() && !TENANT.matcher(tenant.get()).matches()) {
            throw new ConfigException("AZURE_TENANT_ID must be a directory (tenant) id such as "
                    + "72f988bf-86f1-41af-91ab-2d7cd011db47, got '" + tenant.get() + "'");
        }
        return new OidcProvider(AZURE, clientId(env, "AZURE_CLIENT_ID"), env.uri("AZURE_JWKS_URL", AZURE_JWKS_URL),
                tenant.map(t -> t.toLowerCase(java.util.Locale.ROOT)));
    }

    private static Optional<String> clientId(Env env, String name) {
        Optional<String> value = env.optional(name);
        if (value.isPresent() && !CLIENT_ID.matcher(value.get()).matches()) {
            throw new ConfigException(name + " must be the client id registered with the provider (printable, no spaces)");
        }
        return value;
    }
}
