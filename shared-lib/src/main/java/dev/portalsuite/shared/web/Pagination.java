package dev.portalsuite.shared.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code ?limit=&offset=}: limit 1..200 (default 50), offset ≥ 0. */
public record Pagination(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static Pagination from(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        int limit = parse(ctx.queryParam("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit", errors);
        int offset = parse(ctx.queryParam("offset"), 0, 0, Integer.MAX_VALUE, "offset", errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Pagination(limit, offset);
    }

    private static int parse(String raw, int defaultValue, int min, int max, String field, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError(field, "must be an integer between " + min + " and " + max));
        return defaultValue;
    }
}
