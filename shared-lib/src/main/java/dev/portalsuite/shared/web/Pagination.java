package dev.portalsuite.shared.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/** {@code ?limit=&offset=}: limit 1..200 (default 50), offset 0..2147483647 (default 0); each at most once, never empty. */
public record Pagination(int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static Pagination from(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        int limit = parse(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        int offset = parse(ctx, "offset", 0, 0, Integer.MAX_VALUE, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Pagination(limit, offset);
    }

    /** Follows the query-parameter rule of {@link Inputs#queryValue}; both parameters' errors are reported together. */
    private static int parse(Context ctx, String field, int defaultValue, int min, int max, List<FieldError> errors) {
        try {
            return Inputs.queryInt(ctx, field, defaultValue, min, max);
        } catch (ApiException e) {
            errors.addAll(e.errors());
            return defaultValue;
        }
    }
}
