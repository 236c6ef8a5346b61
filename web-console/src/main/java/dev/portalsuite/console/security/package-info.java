/**
 * The security page ({@code /account/security}): authenticator app enrolment, recovery codes shown once, passkeys
 * registered, renamed and removed; where sessions restricted to enrolment ({@code mfa:enroll}) are sent.
 */
package dev.portalsuite.console.security;
