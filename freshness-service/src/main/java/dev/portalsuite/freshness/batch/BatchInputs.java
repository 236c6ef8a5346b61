package dev.portalsuite.freshness.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.shared.web.FieldError;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;

/** Date and partial-update checks of batches; the general checks are in shared-lib's {@code Inputs}. */
final class BatchInputs {
    /** The earliest butcher or arrival date accepted; anything older is a typo, not a batch. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private BatchInputs() {
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
}
