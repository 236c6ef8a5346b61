/**
 * HTTP helpers of freshness-service: the {@code Caller} (admin, or an inventory user's organisation) and strong
 * ETags with {@code If-None-Match} ({@code Conditional}).
 */
package dev.portalsuite.freshness.web;
