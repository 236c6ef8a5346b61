/**
 * Password login: the per-IP rate limit, the per-email lockout (an attempt is reserved before bcrypt runs) and
 * the login endpoint.
 */
package dev.portalsuite.auth.login;
