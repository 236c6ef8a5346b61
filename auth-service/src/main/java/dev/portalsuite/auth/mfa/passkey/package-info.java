/**
 * Passkeys (WebAuthn with webauthn4j): registration, rename and removal, and assertions for the second step, for
 * step-up and for a passwordless sign-in; challenges kept server-side and single use.
 */
package dev.portalsuite.auth.mfa.passkey;
