/**
 * What freshness-service's audit log records about batch and policy changes: its action codes ({@code AuditAction})
 * and event columns ({@code AuditEntry}: actor, organisation, batch, product). Writing, listing
 * ({@code GET /api/freshness/admin/audit}) and the append-only table come from shared-lib's audit component.
 */
package dev.portalsuite.freshness.audit;
