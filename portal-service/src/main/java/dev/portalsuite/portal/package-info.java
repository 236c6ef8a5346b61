/**
 * portal-service: the composition root {@code PortalApp} (wires every feature package, {@code main}) and its typed
 * configuration {@code PortalConfig}.
 */
package dev.portalsuite.portal;
