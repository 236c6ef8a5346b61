/**
 * The admin's freshness-policy page ({@code /admin/policies}): the days a product stays fresh, then caution.
 */
package dev.portalsuite.console.policy;
