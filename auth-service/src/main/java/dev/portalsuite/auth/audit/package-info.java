/**
 * What auth-service's audit log records: its action codes ({@code AuditAction}) and the columns of its events
 * ({@code AuditEntry}: user, actor, email). Writing, listing and the append-only table come from shared-lib's audit
 * component.
 */
package dev.portalsuite.auth.audit;
