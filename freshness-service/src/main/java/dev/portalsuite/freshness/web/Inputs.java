package dev.portalsuite.freshness.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Small, strict checks for text, date and enumerated inputs shared by the freshness features. */
public final class Inputs {
    /** The earliest butcher or arrival date accepted; anything older is a typo, not a batch. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private Inputs() {
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

    /** A calendar date {@code YYYY-MM-DD} that exists (2026-02-30 does not), not before {@link #EARLIEST_DATE}. */
    public static LocalDate date(String raw, String field, boolean required, List<FieldError> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.strip(), DATE);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a real calendar date in the form YYYY-MM-DD"));
            return null;
        }
        if (date.isBefore(EARLIEST_DATE)) {
            errors.add(new FieldError(field, "must not be before " + EARLIEST_DATE));
            return null;
        }
        return date;
    }

    /** A JSON string field of a partial update: absent → null; JSON null or another type → an error. */
    public static String patchString(JsonNode node, String field, List<FieldError> errors) {
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(field, node.isNull() ? "must not be null" : "must be a string"));
            return null;
        }
        return node.textValue();
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
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (!allowed.contains(raw.trim())) {
            throw ApiException.invalidField(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return raw.trim();
    }

    /** An optional free-text query parameter, at most {@code max} characters. */
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
