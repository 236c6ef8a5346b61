/**
 * The pages auth-service's mails link to: "Forgot password?", the reset page, the verify-email landing page, and
 * "send me a new verification link".
 */
package dev.portalsuite.console.password;
