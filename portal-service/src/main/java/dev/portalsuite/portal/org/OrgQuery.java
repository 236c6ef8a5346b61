package dev.portalsuite.portal.org;

import java.util.Map;
import java.util.UUID;

/** The filters of {@code GET /api/portal/orgs}; every field may be null. */
public record OrgQuery(String type, String status, UUID parentId, String q, String sort) {
    static final Map<String, String> SORTS = Map.of(
            "name", "lower(o.name), o.id",
            "-name", "lower(o.name) DESC, o.id DESC",
            "createdAt", "o.created_at, o.id",
            "-createdAt", "o.created_at DESC, o.id DESC");

    /** Rows strictly after the cursor's row in each order; {@code :afterKey} and {@code :afterId} come from the cursor. */
    static final Map<String, String> AFTER = Map.of(
            "name", "(lower(o.name), o.id) > (lower(:afterKey), :afterId)",
            "-name", "(lower(o.name), o.id) < (lower(:afterKey), :afterId)",
            "createdAt", "(o.created_at, o.id) > (CAST(:afterKey AS timestamptz), :afterId)",
            "-createdAt", "(o.created_at, o.id) < (CAST(:afterKey AS timestamptz), :afterId)");

    String sortOrDefault() {
        return sort == null ? "name" : sort;
    }

    String orderBy() {
        return SORTS.get(sortOrDefault());
    }

    String after() {
        return AFTER.get(sortOrDefault());
    }
}
