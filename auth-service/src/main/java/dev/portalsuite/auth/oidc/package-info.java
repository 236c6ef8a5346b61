/**
 * Sign-in with Google or Microsoft (Entra ID): ID-token verification against the provider's JWKS, linking
 * provider identities to accounts or creating them, and the {@code /api/auth/oidc/{provider}} endpoint.
 */
package dev.portalsuite.auth.oidc;
