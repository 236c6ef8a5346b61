/**
 * The one audit component every service uses: a service supplies its action codes ({@code AuditAction}) and the
 * columns and filters of its events ({@code AuditSchema}); this package owns the writer ({@code AuditLog}), the SQL
 * ({@code AuditTable}), the admin list endpoint with filters, ordering and paging ({@code AuditController}), the
 * JSON details ({@code AuditDetails}) and the append-only table migration ({@code AuditTableMigration}).
 */
package dev.portalsuite.shared.audit;
