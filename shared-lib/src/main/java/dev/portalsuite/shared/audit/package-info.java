/**
 * The part of an audit event every service writes and reads the same way: its free-form JSON {@code details}
 * ({@code AuditDetails}). Each service keeps its own audit table and log.
 */
package dev.portalsuite.shared.audit;
