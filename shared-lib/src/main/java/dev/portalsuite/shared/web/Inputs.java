package dev.portalsuite.shared.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Small, strict checks for request fields and query parameters, shared by every service. Field checks add
 * to a list of errors (so one 400 names every bad field); query checks throw at once.
 *
 * <p>Query parameters follow one rule everywhere ({@link #queryValue}): a parameter left out takes its default; a
 * parameter given must carry exactly one non-empty value, so {@code ?status=} and {@code ?limit=5&limit=0} are a
 * 400 naming the parameter, like any other invalid value. Values are taken as sent (no trimming), except search
 * text, whose surrounding spaces are dropped.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Single-line text; see {@link #text(String, String, int, boolean, boolean, List)}. */
    public static String text(String raw, String field, int max, boolean required, List<FieldError> errors) {
        return text(raw, field, max, required, false, errors);
    }

    /**
     * Trimmed text of 1..max characters without control characters (when {@code multiline}, line breaks and
     * tabs are allowed); null when absent (and an error when required).
     */
    public static String text(String raw, String field, int max, boolean required, boolean multiline,
                              List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (trimmed.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        boolean badControl = trimmed.chars().anyMatch(c -> Character.isISOControl(c)
                && !(multiline && (c == '\n' || c == '\r' || c == '\t')));
        if (badControl) {
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

    public static UUID uuid(String raw, String field, List<FieldError> errors) {
        if (raw == null) {
            return null;
        }
        try {
            if (raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        errors.add(new FieldError(field, "must be a UUID"));
        return null;
    }

    /** An optional query parameter restricted to a fixed set of values. */
    public static String queryEnum(Context ctx, String name, Set<String> allowed) {
        String raw = queryValue(ctx, name);
        if (raw == null) {
            return null;
        }
        if (!allowed.contains(raw)) {
            throw ApiException.invalidField(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw;
    }

    /** An optional free-text query parameter (a search term), at most {@code max} characters. */
    public static String queryText(Context ctx, String name, int max) {
        String raw = queryValue(ctx, name);
        if (raw == null) {
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

    /**
     * An optional instant query parameter: an RFC 3339 / ISO-8601 date-time with seconds and either {@code Z} or an
     * offset, such as {@code 2026-11-22T10:15:30Z} or {@code 2026-11-22T11:15:30+01:00} (the same instant).
     */
    public static Instant queryInstant(Context ctx, String name) {
        String raw = queryValue(ctx, name);
        if (raw == null) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidField(name, "must be a timestamp with seconds and Z or an offset, such as "
                    + "2026-11-22T10:15:30Z or 2026-11-22T11:15:30+01:00");
        }
    }

    /** An optional boolean query parameter: {@code true} or {@code false}. */
    public static Boolean queryBoolean(Context ctx, String name) {
        String raw = queryValue(ctx, name);
        if (raw == null) {
            return null;
        }
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField(name, "must be true or false");
        };
    }

    /**
     * The one value of an optional query parameter, or null when the parameter is left out. A parameter sent with
     * an empty (or blank) value, or sent more than once, is a 400 naming it.
     */
    public static String queryValue(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.invalidField(name, "must be given at most once");
        }
        String value = values.get(0);
        if (value.isBlank()) {
            throw ApiException.invalidField(name, "must not be empty (leave the parameter out for the default)");
        }
        return value;
    }

    /** An optional whole-number query parameter from {@code min} to {@code max}; the default when left out. */
    public static int queryInt(Context ctx, String name, int defaultValue, int min, int max) {
        String raw = queryValue(ctx, name);
        if (raw == null) {
            return defaultValue;
        }
        return parseInt(raw, min, max).orElseThrow(() ->
                ApiException.invalidField(name, "must be a whole number from " + min + " to " + max));
    }

    private static java.util.OptionalInt parseInt(String raw, int min, int max) {
        if (raw.matches("-?[0-9]{1,10}")) {
            long value = Long.parseLong(raw);
            if (value >= min && value <= max) {
                return java.util.OptionalInt.of((int) value);
            }
        }
        return java.util.OptionalInt.empty();
    }

    /** {@code %term%} for ILIKE, with the LIKE wildcards and the escape character of the term escaped. */
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
