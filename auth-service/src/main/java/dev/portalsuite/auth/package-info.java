/**
 * auth-service: the composition root {@code AuthApp} (wires every feature package, {@code main}) and its typed
 * configuration {@code AuthConfig}.
 */
package dev.portalsuite.auth;
