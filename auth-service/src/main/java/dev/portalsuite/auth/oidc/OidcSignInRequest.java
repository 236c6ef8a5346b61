package dev.portalsuite.auth.oidc;

/** {@code nonce}: the value the frontend put into the provider's sign-in request; the token must carry it. */
public record OidcSignInRequest(String idToken, String nonce) {
    @Override
    public String toString() {
        return "OidcSignInRequest[nonce=" + (nonce != null) + "]";
    }
}
