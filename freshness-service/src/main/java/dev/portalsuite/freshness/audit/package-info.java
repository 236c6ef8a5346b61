/**
 * freshness-service's append-only audit log of batch and policy changes, and the admin endpoint
 * {@code GET /api/freshness/admin/audit}.
 */
package dev.portalsuite.freshness.audit;
