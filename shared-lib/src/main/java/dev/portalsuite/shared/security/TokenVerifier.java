package dev.portalsuite.shared.security;

import com.auth0.jwk.Jwk;
import com.auth0.jwk.JwkException;
import com.auth0.jwk.JwkProvider;
import com.auth0.jwk.JwkProviderBuilder;
import com.auth0.jwk.NetworkException;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Verifies access tokens: RS256 only, signature by a known {@code kid}, required {@code exp}, {@code iss},
 * {@code aud}, {@code sub}, header {@code typ: at+jwt}, at most 30 s of clock skew.
 *
 * <p>A token that verified is remembered, keyed by its exact text, until the earlier of its {@code exp} and
 * {@link #CACHE_TTL} later (at most {@link #CACHE_SIZE} tokens, least recently used out first), so a client sending
 * the same token again costs a map look-up instead of an RSA signature check. What a token says cannot change, so the
 * cache delays nothing but one thing: a key withdrawn from the JWKS still accepts the tokens it signed that were seen
 * in the last {@link #CACHE_TTL} (the JWKS itself is cached for minutes). Session revocation is not a property of the
 * token: auth-service checks the session on every request after this class (see {@link AccessControl}), uncached.
 * Failures are not cached.
 */
public final class TokenVerifier {
    public static final Duration CACHE_TTL = Duration.ofSeconds(30);
    public static final int CACHE_SIZE = 4_096;

    private final JWTVerifier verifier;
    private final Cache<String, Verified> verified;

    private record Verified(Principal principal, Instant expiresAt) {
    }

    private TokenVerifier(RSAKeyProvider keys, JwtSettings settings, Clock clock) {
        var builder = (com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(keys))
                .withIssuer(settings.issuer())
                .withAudience(settings.audience())
                .withClaimPresence("exp")
                .withClaimPresence("sub")
                .withClaimPresence("iat")
                .acceptLeeway(settings.leeway().toSeconds());
        this.verifier = builder.build(clock);
        this.verified = Caffeine.newBuilder()
                .maximumSize(CACHE_SIZE)
                .executor(Runnable::run) // evict on the caller's thread: no background work, deterministic in tests
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Verified>() {
                    @Override
                    public long expireAfterCreate(String token, Verified entry, long currentTime) {
                        long untilExpiry = entry.expiresAt().toEpochMilli() - clock.millis();
                        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(untilExpiry, CACHE_TTL.toMillis())));
                    }

                    @Override
                    public long expireAfterUpdate(String token, Verified entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String token, Verified entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** How many verified tokens are remembered right now (for tests). */
    long cachedTokens() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** Verifies with a fixed set of public keys by kid (auth-service itself, or a configured key). */
    public static TokenVerifier withKeys(Map<String, RSAPublicKey> keysById, JwtSettings settings, Clock clock) {
        Map<String, RSAPublicKey> keys = Map.copyOf(keysById);
        return new TokenVerifier(new FixedKeys(keys::get), settings, clock);
    }

    /** Verifies with the public key {@code lookup} returns for a kid (null: unknown); for tests that watch the look-ups. */
    static TokenVerifier withKeyLookup(java.util.function.Function<String, RSAPublicKey> lookup, JwtSettings settings,
                                       Clock clock) {
        return new TokenVerifier(new FixedKeys(lookup), settings, clock);
    }

    /** Verifies with a remote JWKS, cached for 10 minutes and refetched (at most 10 times a minute) on an unknown kid. */
    public static TokenVerifier withJwks(URI jwksUrl, JwtSettings settings, Clock clock) {
        JwkProvider provider;
        try {
            provider = new JwkProviderBuilder(jwksUrl.toURL())
                    .cached(20, 10, TimeUnit.MINUTES)
                    .rateLimited(10, 1, TimeUnit.MINUTES)
                    .timeouts(2_000, 3_000)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
        return new TokenVerifier(new FixedKeys(kid -> {
            try {
                Jwk jwk = provider.get(kid);
                if (jwk.getAlgorithm() != null && !"RS256".equals(jwk.getAlgorithm())) {
                    return null;
                }
                return (RSAPublicKey) jwk.getPublicKey();
            } catch (JwkException | ClassCastException e) {
                if (causedByNetwork(e)) {
                    throw new KeysUnavailableException("cannot fetch the JWKS from " + jwksUrl, e);
                }
                return null;
            }
        }), settings, clock);
    }

    public Principal verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("missing token");
        }
        Verified cached = verified.getIfPresent(token);
        if (cached != null) {
            return cached.principal();
        }
        DecodedJWT jwt = verifySignatureAndClaims(token);
        Principal principal = principalOf(jwt);
        verified.put(token, new Verified(principal, jwt.getExpiresAtAsInstant()));
        return principal;
    }

    private DecodedJWT verifySignatureAndClaims(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (TokenExpiredException e) {
            throw new InvalidTokenException("token expired", e);
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException("invalid token", e);
        }
        if (jwt.getExpiresAtAsInstant() == null) {
            // java-jwt counts "exp": null as present (and never expiring)
            throw new InvalidTokenException("token without expiry");
        }
        if (!TokenIssuer.ACCESS_TOKEN_TYPE.equals(jwt.getType())) {
            throw new InvalidTokenException("not an access token");
        }
        return jwt;
    }

    private static Principal principalOf(DecodedJWT jwt) {
        try {
            return new Principal(
                    jwt.getSubject(),
                    stringClaim(jwt, "sid"),
                    stringClaim(jwt, "email"),
                    stringClaim(jwt, "name"),
                    Set.copyOf(listClaim(jwt, "roles")),
                    jwt.getClaim("org").isMissing() || jwt.getClaim("org").isNull()
                            ? null : UUID.fromString(jwt.getClaim("org").asString()),
                    stringClaim(jwt, "orgType"),
                    scopes(stringClaim(jwt, "scope")),
                    jwt.getId(),
                    listClaim(jwt, "amr"),
                    jwt.getClaim("auth_time").isMissing() || jwt.getClaim("auth_time").isNull()
                            ? null : authTime(jwt.getClaim("auth_time")));
        } catch (RuntimeException e) {
            throw new InvalidTokenException("malformed claims", e);
        }
    }

    private static boolean causedByNetwork(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof NetworkException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The keys to check a token against cannot be fetched right now: a server-side outage (503), not a
     * bad token. Deliberately not an IllegalStateException, which java-jwt would turn into "invalid signature".
     */
    public static final class KeysUnavailableException extends RuntimeException {
        KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String stringClaim(DecodedJWT jwt, String name) {
        Claim claim = jwt.getClaim(name);
        return claim.isMissing() || claim.isNull() ? null : claim.asString();
    }

    private static List<String> listClaim(DecodedJWT jwt, String name) {
        Claim claim = jwt.getClaim(name);
        if (claim.isMissing() || claim.isNull()) {
            return List.of();
        }
        List<String> values = claim.asList(String.class);
        if (values == null) {
            throw new IllegalArgumentException(name + " is not a list of strings");
        }
        return values;
    }

    private static java.time.Instant authTime(Claim claim) {
        Long seconds = claim.asLong();
        if (seconds == null) {
            throw new IllegalArgumentException("auth_time is not a number");
        }
        return java.time.Instant.ofEpochSecond(seconds);
    }

    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(scope.trim().split("\\s+")).collect(Collectors.toSet());
    }

    private record FixedKeys(java.util.function.Function<String, RSAPublicKey> lookup) implements RSAKeyProvider {
        @Override
        public RSAPublicKey getPublicKeyById(String keyId) {
            return keyId == null ? null : lookup.apply(keyId);
        }

        @Override
        public RSAPrivateKey getPrivateKey() {
            return null;
        }

        @Override
        public String getPrivateKeyId() {
            return null;
        }
    }
}
