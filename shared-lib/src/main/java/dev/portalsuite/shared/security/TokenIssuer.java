package dev.portalsuite.shared.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Signs RS256 access tokens ({@code typ: at+jwt}) with the newest signing key. */
public final class TokenIssuer {
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private final SigningKey key;
    private final JwtSettings settings;
    private final Clock clock;
    private final Algorithm algorithm;

    public TokenIssuer(SigningKey key, JwtSettings settings, Clock clock) {
        this.key = key;
        this.settings = settings;
        this.clock = clock;
        this.algorithm = Algorithm.RSA256(key.publicKey(), key.privateKey());
    }

    public IssuedToken issue(AccessTokenClaims claims) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(claims.ttl());
        JWTCreator.Builder builder = JWT.create()
                .withHeader(Map.of("typ", ACCESS_TOKEN_TYPE))
                .withKeyId(key.kid())
                .withIssuer(settings.issuer())
                .withAudience(settings.audience())
                .withSubject(claims.subject())
                .withIssuedAt(now)
                .withExpiresAt(expiresAt)
                .withJWTId(UUID.randomUUID().toString())
                .withClaim("roles", claims.roles());
        if (claims.sessionId() != null) {
            builder.withClaim("sid", claims.sessionId());
        }
        if (claims.email() != null) {
            builder.withClaim("email", claims.email());
        }
        if (claims.name() != null) {
            builder.withClaim("name", claims.name());
        }
        if (claims.orgId() != null) {
            builder.withClaim("org", claims.orgId().toString());
            builder.withClaim("orgType", claims.orgType());
        }
        if (claims.scopes() != null && !claims.scopes().isEmpty()) {
            builder.withClaim("scope", String.join(" ", claims.scopes()));
        }
        if (!claims.amr().isEmpty()) {
            builder.withClaim("amr", claims.amr());
        }
        if (claims.authTime() != null) {
            builder.withClaim("auth_time", claims.authTime());
        }
        return new IssuedToken(builder.sign(algorithm), expiresAt, claims.ttl().toSeconds());
    }

    public SigningKey key() {
        return key;
    }
}
