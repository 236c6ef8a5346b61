package dev.portalsuite.auth.oidc;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.auth0.jwt.interfaces.RSAKeyProvider;
import dev.portalsuite.auth.account.EmailAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies a provider's ID token: RS256 only with a key from the provider's JWKS, required {@code exp},
 * {@code iat} and {@code sub}, {@code aud} = our client id (with {@code azp} = our client id when there are
 * several audiences), at most 30 s of clock skew, {@code nonce} equal to the expected one when given, and
 * the provider's own rules:
 * <ul>
 *   <li>Google: {@code iss} is {@code https://accounts.google.com} or {@code accounts.google.com}; the email
 *       counts as verified only with {@code email_verified: true}, and sign-in requires it.</li>
 *   <li>Azure (Entra ID v2.0): {@code iss} is {@code https://login.microsoftonline.com/{tid}/v2.0} for the
 *       token's own {@code tid}; {@code tid} must equal the configured tenant when one is set; the person is
 *       {@code tid:oid}. Azure's {@code email} is never treated as verified.</li>
 * </ul>
 */
final class IdTokenVerifier {
    static final long LEEWAY_SECONDS = 30;
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final List<String> GOOGLE_ISSUERS = List.of("https://accounts.google.com", "accounts.google.com");
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final OidcProvider provider;
    private final JWTVerifier verifier;

    IdTokenVerifier(OidcProvider provider, RSAKeyProvider keys, Clock clock) {
        this.provider = provider;
        var builder = (com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(Algorithm.RSA256(keys))
                .withAudience(provider.clientId().orElseThrow())
                .withClaimPresence("exp")
                .withClaimPresence("iat")
                .withClaimPresence("sub")
                .acceptLeeway(LEEWAY_SECONDS);
        if (provider.name().equals(OidcProvider.GOOGLE)) {
            builder.withIssuer(GOOGLE_ISSUERS.toArray(String[]::new));
        }
        this.verifier = builder.build(clock);
    }

    /**
     * @throws InvalidIdToken when the token is not acceptable (the reason is for logs, never for the caller)
     * @throws ProviderKeys.Unavailable when the provider's keys cannot be fetched
     */
    VerifiedIdToken verify(String idToken, String expectedNonce) {
        if (idToken == null || idToken.isBlank() || idToken.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidIdToken("missing_or_oversized");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(idToken.trim());
        } catch (JWTVerificationException e) {
            throw new InvalidIdToken(e.getClass().getSimpleName());
        }
        // java-jwt counts "exp": null as present and unexpired; a usable token has real instants
        if (jwt.getExpiresAtAsInstant() == null || jwt.getIssuedAtAsInstant() == null) {
            throw new InvalidIdToken("exp_or_iat");
        }
        String clientId = provider.clientId().orElseThrow();
        if (jwt.getAudience().size() > 1 && !clientId.equals(text(jwt, "azp").orElse(null))) {
            throw new InvalidIdToken("azp");
        }
        if (expectedNonce != null && !expectedNonce.equals(text(jwt, "nonce").orElse(null))) {
            throw new InvalidIdToken("nonce");
        }
        return provider.name().equals(OidcProvider.GOOGLE) ? google(jwt) : azure(jwt);
    }

    private VerifiedIdToken google(DecodedJWT jwt) {
        Claim verifiedClaim = jwt.getClaim("email_verified");
        boolean verified = Boolean.TRUE.equals(verifiedClaim.asBoolean()) || "true".equals(verifiedClaim.asString());
        Optional<String> email = text(jwt, "email").flatMap(EmailAddress::parse);
        if (email.isEmpty() || !verified) {
            throw new InvalidIdToken("email_not_verified");
        }
        return new VerifiedIdToken(provider.name(), subject(jwt.getSubject()), email.get(), true,
                text(jwt, "name").orElse(null));
    }

    private VerifiedIdToken azure(DecodedJWT jwt) {
        String tid = text(jwt, "tid").map(t -> t.toLowerCase(Locale.ROOT)).filter(t -> GUID.matcher(t).matches())
                .orElseThrow(() -> new InvalidIdToken("tid"));
        String expectedIssuer = "https://login.microsoftonline.com/" + tid + "/v2.0";
        if (jwt.getIssuer() == null || !expectedIssuer.equalsIgnoreCase(jwt.getIssuer())) {
            throw new InvalidIdToken("iss");
        }
        if (provider.tenantId().isPresent() && !provider.tenantId().get().equals(tid)) {
            throw new InvalidIdToken("tenant");
        }
        String oid = text(jwt, "oid").map(o -> o.toLowerCase(Locale.ROOT)).filter(o -> GUID.matcher(o).matches())
                .orElseThrow(() -> new InvalidIdToken("oid"));
        // Entra ID lets tenant admins set email freely: a hint for a new account, never proof of ownership
        Optional<String> email = text(jwt, "email").flatMap(EmailAddress::parse)
                .or(() -> text(jwt, "preferred_username").flatMap(EmailAddress::parse));
        return new VerifiedIdToken(provider.name(), tid + ":" + oid, email.orElse(null), false,
                text(jwt, "name").orElse(null));
    }

    private static String subject(String sub) {
        if (sub == null || sub.isBlank() || sub.length() > 255) {
            throw new InvalidIdToken("sub");
        }
        return sub;
    }

    private static Optional<String> text(DecodedJWT jwt, String name) {
        Claim claim = jwt.getClaim(name);
        if (claim.isMissing() || claim.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(claim.asString()).filter(s -> !s.isBlank());
    }

    /** The ID token is not acceptable. */
    static final class InvalidIdToken extends RuntimeException {
        InvalidIdToken(String reason) {
            super(reason, null, false, false);
        }
    }
}
