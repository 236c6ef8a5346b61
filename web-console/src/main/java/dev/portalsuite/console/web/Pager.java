package dev.portalsuite.console.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Paging links for a list page: plain links that keep the filters, so paging works without JavaScript.
 *
 * @param path the list page, e.g. {@code /orgs}
 * @param filters the list's current filters (empty values are left out of links)
 * @param page 1-based
 */
public record Pager(String path, Map<String, String> filters, int page, int size, long total) {
    public static final int SIZE = 25;

    /** The 1-based page from {@code ?page=}, anything unreadable as page 1. */
    public static int page(String raw) {
        try {
            int page = Integer.parseInt(raw == null ? "1" : raw.trim());
            return Math.max(1, Math.min(page, 100_000));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public int offset() {
        return (page - 1) * size;
    }

    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return (long) page * size < total;
    }

    public String previous() {
        return href(page - 1);
    }

    public String next() {
        return href(page + 1);
    }

    public long first() {
        return total == 0 ? 0 : offset() + 1L;
    }

    public long last() {
        return Math.min(total, (long) page * size);
    }

    private String href(int target) {
        Map<String, String> query = new LinkedHashMap<>();
        filters.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                query.put(k, v);
            }
        });
        if (target > 1) {
            query.put("page", Integer.toString(target));
        }
        if (query.isEmpty()) {
            return path;
        }
        return path + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
