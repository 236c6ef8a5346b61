/**
 * The per-client-IP request limit (sliding window) for login, register, Google/Microsoft sign-in and the
 * client-credentials token endpoint, counted in PostgreSQL so that every instance shares it. No endpoint of its
 * own: the features that need it call {@code RateLimiter}.
 */
package dev.portalsuite.auth.ratelimit;
