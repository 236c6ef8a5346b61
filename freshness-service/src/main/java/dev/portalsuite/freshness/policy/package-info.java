/**
 * Freshness thresholds per product ({@code /api/freshness/policies}), the default policy, and the statuses
 * FRESH, CAUTION and EXPIRED with their words.
 */
package dev.portalsuite.freshness.policy;
