package dev.portalsuite.portal.org;

import dev.portalsuite.shared.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last row of a page of {@code GET /api/portal/orgs}: the sort order it belongs to, that row's
 * sort key (its name, or its creation instant) and its id (the tie-breaker). Handed out as {@code nextCursor}: an
 * opaque base64url string. It is not a secret and carries no authority: the next page is still filtered by the
 * caller's scope, so a forged cursor only moves the caller within what it may see.
 */
record OrgCursor(String sort, String key, UUID id) {
    static final String PARAMETER = "cursor";
    static final int MAX_LENGTH = 512;
    private static final String VERSION = "o1";

    static OrgCursor after(String sort, OrgDao.Row row) {
        return new OrgCursor(sort, sort.endsWith("createdAt") ? row.createdAt().toString() : row.name(), row.id());
    }

    String encode() {
        String text = VERSION + "\n" + sort + "\n" + id + "\n" + key;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code raw} for a list sorted by {@code sort}; a 400 naming {@code cursor} when it is not one. */
    static OrgCursor decode(String raw, String sort) {
        if (raw.length() > MAX_LENGTH || !raw.matches("[A-Za-z0-9_-]+")) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] parts = text.split("\n", 4);
        if (parts.length != 4 || !VERSION.equals(parts[0]) || !OrgQuery.SORTS.containsKey(parts[1])) {
            throw invalid();
        }
        if (!parts[1].equals(sort)) {
            throw ApiException.invalidField(PARAMETER, "belongs to the sort order " + parts[1]
                    + "; send the same sort as the page that handed it out");
        }
        UUID id;
        try {
            id = UUID.fromString(parts[2]);
            if (parts[1].endsWith("createdAt")) {
                Instant.parse(parts[3]);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
        return new OrgCursor(parts[1], parts[3], id);
    }

    private static ApiException invalid() {
        return ApiException.invalidField(PARAMETER, "is not a cursor this list handed out (use nextCursor as given)");
    }
}
