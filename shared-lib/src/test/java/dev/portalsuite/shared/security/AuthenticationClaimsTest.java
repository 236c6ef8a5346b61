package dev.portalsuite.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code amr} and {@code auth_time}: issued, verified, exposed on the principal, and the step-up condition. */
class AuthenticationClaimsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final JwtSettings SETTINGS = new JwtSettings("portal-suite", "portal-suite", JwtSettings.MAX_LEEWAY);
    private static final SigningKey KEY = RsaKeys.generate();
    private final TokenVerifier verifier = TokenVerifier.withKeys(Map.of(KEY.kid(), KEY.publicKey()), SETTINGS, CLOCK);

    private static AccessTokenClaims claims(List<String> amr, Instant authTime, List<String> scopes) {
        return new AccessTokenClaims("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10", "a3e1f0c4-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
                "ann@example.com", "Ann", List.of("admin"), null, null, scopes, Duration.ofMinutes(15), amr, authTime);
    }

    @Test
    void amrAndAuthTimeTravelInTheTokenAndReachThePrincipal() {
        Instant authTime = NOW.minusSeconds(120);
        String token = new TokenIssuer(KEY, SETTINGS, CLOCK).issue(claims(List.of("pwd", "otp", "mfa"), authTime, List.of())).token();

        var decoded = JWT.decode(token);
        assertThat(decoded.getClaim("amr").asList(String.class)).containsExactly("pwd", "otp", "mfa");
        assertThat(decoded.getClaim("auth_time").asLong()).isEqualTo(authTime.getEpochSecond());

        Principal principal = verifier.verify(token);
        assertThat(principal.amr()).containsExactly("pwd", "otp", "mfa");
        assertThat(principal.authTime()).isEqualTo(authTime);
        assertThat(principal.multiFactor()).isTrue();
        assertThat(principal.enrolmentOnly()).isFalse();
    }

    @Test
    void stepUpNeedsASecondFactorAndARecentAuthentication() {
        Duration maxAge = Duration.ofMinutes(15);
        Principal passwordOnly = verifier.verify(new TokenIssuer(KEY, SETTINGS, CLOCK)
                .issue(claims(List.of("pwd"), NOW, List.of())).token());
        Principal recentMfa = verifier.verify(new TokenIssuer(KEY, SETTINGS, CLOCK)
                .issue(claims(List.of("pwd", "otp", "mfa"), NOW.minus(maxAge), List.of())).token());
        Principal staleMfa = verifier.verify(new TokenIssuer(KEY, SETTINGS, CLOCK)
                .issue(claims(List.of("pwd", "otp", "mfa"), NOW.minus(maxAge).minusSeconds(1), List.of())).token());

        assertThat(passwordOnly.multiFactorWithin(maxAge, NOW)).isFalse();
        assertThat(recentMfa.multiFactorWithin(maxAge, NOW)).isTrue();
        assertThat(staleMfa.multiFactorWithin(maxAge, NOW)).isFalse();
    }

    @Test
    void serviceClientTokensCarryNeitherClaim() {
        String token = new TokenIssuer(KEY, SETTINGS, CLOCK).issue(new AccessTokenClaims("sync-job", null, null, null,
                List.of("service"), null, null, List.of("portal:ingest"), Duration.ofMinutes(5))).token();

        var decoded = JWT.decode(token);
        assertThat(decoded.getClaim("amr").isMissing()).isTrue();
        assertThat(decoded.getClaim("auth_time").isMissing()).isTrue();
        Principal principal = verifier.verify(token);
        assertThat(principal.amr()).isEmpty();
        assertThat(principal.authTime()).isNull();
        assertThat(principal.multiFactor()).isFalse();
    }

    @Test
    void enrolmentScopeMarksARestrictedToken() {
        Principal principal = verifier.verify(new TokenIssuer(KEY, SETTINGS, CLOCK)
                .issue(claims(List.of("pwd"), NOW, List.of(Principal.SCOPE_MFA_ENROLL))).token());
        assertThat(principal.enrolmentOnly()).isTrue();
    }

    @Test
    void aMalformedAuthTimeIsRefused() {
        String token = JWT.create().withHeader(Map.of("typ", "at+jwt")).withKeyId(KEY.kid())
                .withIssuer("portal-suite").withAudience("portal-suite").withSubject("7f1c0a52-8a43-4b6e-9a4f-3c2f4b1e9d10")
                .withIssuedAt(NOW).withExpiresAt(NOW.plusSeconds(60)).withClaim("auth_time", "yesterday")
                .sign(Algorithm.RSA256(KEY.publicKey(), KEY.privateKey()));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidTokenException.class);
    }
}
