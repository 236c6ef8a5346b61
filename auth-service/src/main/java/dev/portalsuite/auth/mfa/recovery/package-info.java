/** Single-use recovery codes, shown once and stored as SHA-256 hashes. */
package dev.portalsuite.auth.mfa.recovery;
