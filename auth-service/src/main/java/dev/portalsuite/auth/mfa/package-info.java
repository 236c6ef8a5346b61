/**
 * Multi-factor authentication: the sign-in's second step (mfaToken), the per-account failed-second-step counter,
 * the caller's factors ({@code /api/auth/me/mfa}), the administrator's reset, {@code MFA_REQUIRED_ROLES} and the
 * MFA settings. Sub-packages: {@code totp} (authenticator apps), {@code recovery} (recovery codes), {@code passkey}
 * (WebAuthn), {@code stepup} (RFC 9470 step-up).
 */
package dev.portalsuite.auth.mfa;
