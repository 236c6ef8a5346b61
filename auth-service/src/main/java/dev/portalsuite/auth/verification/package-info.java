/**
 * Email verification: the mailed single-use link, its resend, and the refusal of unverified password sign-ins
 * when {@code REQUIRE_VERIFIED_EMAIL} is set.
 */
package dev.portalsuite.auth.verification;
