package dev.portalsuite.shared.audit;

/** One kind of event a service records; usually an enum constant of the service's own list. */
public interface AuditAction {
    /** The code stored in {@code audit_events.action} and accepted by the list's {@code action} filter. */
    String code();
}
