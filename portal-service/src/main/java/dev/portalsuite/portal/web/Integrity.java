package dev.portalsuite.portal.web;

import java.sql.SQLException;

/** Classifies database constraint violations, which a concurrent change can cause and which are never a 500. */
public final class Integrity {
    private Integrity() {
    }

    /** A foreign-key, check or unique violation (SQLSTATE 23503, 23514, 23505) anywhere in the cause chain. */
    public static boolean isViolation(Throwable error) {
        return sqlState(error, "23503") || sqlState(error, "23514") || sqlState(error, "23505");
    }

    public static boolean sqlState(Throwable error, String state) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
