/**
 * What portal-service's audit log records about organisation, product, notification and sync-run changes: its
 * action codes ({@code AuditAction}) and event columns ({@code AuditEntry}: actor, target). Writing, listing
 * ({@code GET /api/portal/admin/audit}) and the append-only table come from shared-lib's audit component.
 */
package dev.portalsuite.portal.audit;
