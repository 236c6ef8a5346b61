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

    String orderBy() {
        return SORTS.get(sort == null ? "name" : sort);
    }
}
