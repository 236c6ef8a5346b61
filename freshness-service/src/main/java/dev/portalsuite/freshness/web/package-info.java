/** HTTP helpers of freshness-service: strong ETags with {@code If-None-Match} ({@code Conditional}). */
package dev.portalsuite.freshness.web;
