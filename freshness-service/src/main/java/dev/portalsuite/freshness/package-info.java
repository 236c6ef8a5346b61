/**
 * freshness-service: the composition root {@code FreshnessApp} (wires every feature package, {@code main}) and its
 * typed configuration {@code FreshnessConfig}.
 */
package dev.portalsuite.freshness;
