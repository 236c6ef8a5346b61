package dev.portalsuite.portal.web;

import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/** Small, strict checks for text and enumerated inputs shared by the portal's features. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Trimmed text of 1..max characters without control characters (PostgreSQL text cannot hold U+0000);
     * null when absent (and an error when required).
     */
    public static String text(String raw, String field, int max, boolean required, List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || trimmed.length() > max) {
            errors.add(new FieldError(field, "must be 1 to " + max + " characters"));
            return null;
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must not contain control characters"));
            return null;
        }
        return trimmed;
    }

    /** A whole number ≥ 0 (absent → the default). */
    public static int count(Integer raw, String field, int defaultValue, List<FieldError> errors) {
        if (raw == null) {
            return defaultValue;
        }
        if (raw < 0) {
            errors.add(new FieldError(field, "must be a whole number ≥ 0"));
            return defaultValue;
        }
        return raw;
    }

    public static String oneOf(String raw, String field, Set<String> allowed, boolean required, List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!allowed.contains(raw)) {
            errors.add(new FieldError(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
            return null;
        }
        return raw;
    }

    /** An optional query parameter restricted to a fixed set of values. */
    public static String queryEnum(Context ctx, String name, Set<String> allowed) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!allowed.contains(raw.trim())) {
            throw ApiException.invalidField(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw.trim();
    }

    /** An optional free-text query parameter (a search term), at most {@code max} characters. */
    public static String queryText(Context ctx, String name, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.length() > max) {
            throw ApiException.invalidField(name, "must be at most " + max + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(name, "must not contain control characters");
        }
        return trimmed;
    }

    /** An optional boolean query parameter: {@code true} or {@code false}. */
    public static Boolean queryBoolean(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField(name, "must be true or false");
        };
    }

    public static String likePattern(String term) {
        return term == null ? null
                : "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
