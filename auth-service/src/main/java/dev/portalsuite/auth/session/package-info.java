/**
 * Sessions and their rotating, single-use refresh tokens (reuse revokes the session): refresh, logout,
 * logout-all, and the caller's own session list and revoking one of them.
 */
package dev.portalsuite.auth.session;
