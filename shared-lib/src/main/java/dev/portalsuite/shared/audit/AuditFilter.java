package dev.portalsuite.shared.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Which events to list: the service's filter columns (by field name; a null value does not filter), one action
 * code, and {@code from} (inclusive) to {@code to} (exclusive).
 */
public record AuditFilter(Map<String, ?> entry, String action, Instant from, Instant to) {
    public AuditFilter {
        entry = entry == null ? Map.of() : Collections.unmodifiableMap(new HashMap<>(entry));
    }

    public static AuditFilter none() {
        return new AuditFilter(Map.of(), null, null, null);
    }
}
