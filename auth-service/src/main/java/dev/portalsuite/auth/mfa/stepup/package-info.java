/**
 * Step-up (RFC 9470): the check sensitive routes make ({@code amr} with {@code mfa}, {@code auth_time} within
 * {@code STEP_UP_MAX_AGE}) and {@code POST /api/auth/step-up}, which raises the session's authentication.
 */
package dev.portalsuite.auth.mfa.stepup;
