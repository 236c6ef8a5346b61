package dev.portalsuite.shared.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Classifies database exceptions: "the database is not there" (503) rather than a bug (500), and constraint
 * violations, which a concurrent change can cause.
 */
public final class DatabaseErrors {
    private static final Set<String> INTEGRITY_VIOLATIONS = Set.of("23503", "23514", "23505");

    private DatabaseErrors() {
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof org.jdbi.v3.core.ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception, 57P: operator intervention (shutdown), 53: insufficient resources,
                // 57014: cancelled, which is what the statement timeout does to a statement that ran too long
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.equals("57014")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** True when the cause is a unique-constraint violation, optionally of a named constraint. */
    public static boolean isUniqueViolation(Throwable error, String constraint) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return constraint == null || String.valueOf(sql.getMessage()).contains(constraint);
            }
        }
        return false;
    }

    /** A foreign-key, check or unique violation (SQLSTATE 23503, 23514, 23505) anywhere in the cause chain. */
    public static boolean isIntegrityViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && INTEGRITY_VIOLATIONS.contains(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
