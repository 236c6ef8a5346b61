/**
 * Authenticator-app codes (RFC 6238 with java-otp): enrolment with an otpauth URI and QR code, confirmation, and
 * verification that accepts each code once per user (the last accepted step, kept in PostgreSQL).
 */
package dev.portalsuite.auth.mfa.totp;
