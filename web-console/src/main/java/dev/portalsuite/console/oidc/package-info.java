/**
 * Sign in with Google or Microsoft as a backend-for-frontend: the authorization-code flow with PKCE, {@code state}
 * and {@code nonce} done by the console (client secret server-side), then the ID token handed to auth-service.
 */
package dev.portalsuite.console.oidc;
