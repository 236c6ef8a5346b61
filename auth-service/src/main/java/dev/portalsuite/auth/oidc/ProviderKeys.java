package dev.portalsuite.auth.oidc;

import com.auth0.jwk.Jwk;
import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwk.NetworkException;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;

/**
 * A provider's signing keys from its JWKS: cached for 10 minutes, refetched on an unknown {@code kid} at
 * most 10 times a minute (as shared-lib's TokenVerifier does for auth-service's own keys). An unknown
 * {@code kid} or a key that is not an RS256 key yields no key (the token fails verification); a JWKS that
 * cannot be fetched throws {@link Unavailable}, so the caller can answer 503 instead of blaming the token.
 */
final class ProviderKeys implements RSAKeyProvider {
    private final JwkProvider jwks;

    ProviderKeys(URI jwksUrl) {
        try {
            this.jwks = new JwkProviderBuilder(jwksUrl.toURL())
                    .cached(20, 10, TimeUnit.MINUTES)
                    .rateLimited(10, 1, TimeUnit.MINUTES)
                    .timeouts(2_000, 3_000)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
    }

    @Override
    public RSAPublicKey getPublicKeyById(String keyId) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > 200) {
            return null;
        }
        try {
            Jwk jwk = jwks.get(keyId);
            if (!"RSA".equals(jwk.getType()) || (jwk.getAlgorithm() != null && !"RS256".equals(jwk.getAlgorithm()))
                    || (jwk.getUsage() != null && !"sig".equals(jwk.getUsage()))) {
                return null;
            }
            return (RSAPublicKey) jwk.getPublicKey();
        } catch (JwkException | ClassCastException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof NetworkException) {
                    throw new Unavailable(e);
                }
            }
            return null;
        }
    }

    @Override
    public RSAPrivateKey getPrivateKey() {
        return null;
    }

    @Override
    public String getPrivateKeyId() {
        return null;
    }

    /** The provider's JWKS could not be fetched. */
    static final class Unavailable extends RuntimeException {
        Unavailable(Throwable cause) {
            super("the provider's JWKS is unreachable", cause);
        }
    }
}
