/**
 * Console sessions in PostgreSQL (schema {@code console}): an opaque id stored only hashed, the user's tokens
 * encrypted at rest with AES-GCM ({@code TokenCipher}, key from {@code SessionKey}), refresh shortly before expiry,
 * idle and absolute timeouts.
 */
package dev.portalsuite.console.session;
