package dev.portalsuite.shared.web;

import java.util.List;

/** The list envelope of every collection endpoint. */
public record Page<T>(List<T> items, long total, int limit, int offset) {
    public static <T> Page<T> of(List<T> items, long total, Pagination pagination) {
        return new Page<>(items, total, pagination.limit(), pagination.offset());
    }
}
