package dev.portalsuite.shared.testing;

import dev.portalsuite.shared.security.AccessTokenClaims;
import dev.portalsuite.shared.security.JwtSettings;
import dev.portalsuite.shared.security.RsaKeys;
import dev.portalsuite.shared.security.SigningKey;
import dev.portalsuite.shared.security.TokenIssuer;
import dev.portalsuite.shared.security.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Mints access tokens for tests with the real shared-lib issuer and a key the test controls. */
public final class TestTokens {
    public static final JwtSettings SETTINGS = new JwtSettings("portal-suite", "portal-suite", Duration.ofSeconds(30));

    private final SigningKey key;
    private final TokenIssuer issuer;

    public TestTokens() {
        this(RsaKeys.generate());
    }

    public TestTokens(SigningKey key) {
        this.key = key;
        this.issuer = new TokenIssuer(key, SETTINGS, Clock.systemUTC());
    }

    public SigningKey key() {
        return key;
    }

    /** A verifier that trusts this key only (expiry checked against the real clock). */
    public TokenVerifier verifier() {
        return TokenVerifier.withKeys(Map.of(key.kid(), key.publicKey()), SETTINGS, Clock.systemUTC());
    }

    public String user(UUID userId, List<String> roles, UUID orgId, String orgType) {
        return issuer.issue(new AccessTokenClaims(userId.toString(), UUID.randomUUID().toString(),
                userId + "@test.dev", "Test User", roles, orgId, orgType, List.of(), Duration.ofMinutes(5))).token();
    }

    public String service(String clientId, List<String> scopes) {
        return issuer.issue(new AccessTokenClaims(clientId, null, null, null, List.of("service"), null, null,
                scopes, Duration.ofMinutes(5))).token();
    }
}
