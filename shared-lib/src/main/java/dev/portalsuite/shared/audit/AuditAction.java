package dev.portalsuite.shared.audit;

import java.util.Locale;

/**
 * One kind of event a service records: an enum constant of the service's own list. Its code is, by convention,
 * the constant's name in lower case with the last underscore as a dot ({@code SYNC_RUN_STARTED} is
 * {@code sync_run.started}); a constant whose code was chosen otherwise overrides {@link #code()}.
 */
public interface AuditAction {
    /** Implemented by every enum. */
    String name();

    /** The code stored in {@code audit_events.action} and accepted by the list's {@code action} filter. */
    default String code() {
        String lower = name().toLowerCase(Locale.ROOT);
        int last = lower.lastIndexOf('_');
        return last < 0 ? lower : lower.substring(0, last) + "." + lower.substring(last + 1);
    }
}
