package dev.portalsuite.auth.oidc;

/**
 * What a verified ID token says about a person.
 *
 * @param subject the provider's stable id of the person (Google: {@code sub}; Azure: {@code tid:oid})
 * @param email normalised email, or null when the token carries none usable
 * @param emailVerified true only when the provider vouches for the email (Google's {@code email_verified})
 */
record VerifiedIdToken(String provider, String subject, String email, boolean emailVerified, String name) {
}
