package dev.portalsuite.console.oidc;

import dev.portalsuite.shared.config.Env;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The identity providers the console signs people in with: Google and Microsoft (Entra ID), each on when its
 * client id and secret are set. The authorization and token endpoints are configurable, so a test can run a fake
 * provider on loopback.
 */
public record OidcProviders(Map<String, Provider> byName) {

    /** One provider's OAuth client; {@code name} is auth-service's provider name ({@code google}, {@code azure}). */
    public record Provider(String name, String label, String clientId, String clientSecret, URI authorizationUrl,
                           URI tokenUrl) {
        @Override
        public String toString() {
            return "Provider[" + name + ", clientId=" + clientId + ", authorizationUrl=" + authorizationUrl + "]";
        }
    }

    public static OidcProviders fromEnv(Env env) {
        Map<String, Provider> providers = new LinkedHashMap<>();
        Optional<String> googleId = env.optional("GOOGLE_CLIENT_ID");
        Optional<String> googleSecret = env.optional("GOOGLE_CLIENT_SECRET");
        if (googleId.isPresent() && googleSecret.isPresent()) {
            providers.put("google", new Provider("google", "Google", googleId.get(), googleSecret.get(),
                    env.uri("GOOGLE_AUTHORIZATION_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
                    env.uri("GOOGLE_TOKEN_URL", "https://oauth2.googleapis.com/token")));
        }
        Optional<String> azureId = env.optional("AZURE_CLIENT_ID");
        Optional<String> azureSecret = env.optional("AZURE_CLIENT_SECRET");
        if (azureId.isPresent() && azureSecret.isPresent()) {
            String tenant = env.string("AZURE_TENANT_ID", "common");
            String base = "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/";
            providers.put("azure", new Provider("azure", "Microsoft", azureId.get(), azureSecret.get(),
                    env.uri("AZURE_AUTHORIZATION_URL", base + "authorize"), env.uri("AZURE_TOKEN_URL", base + "token")));
        }
        return new OidcProviders(Map.copyOf(providers));
    }

    public Optional<Provider> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
