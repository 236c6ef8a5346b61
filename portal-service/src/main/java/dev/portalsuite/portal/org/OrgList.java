package dev.portalsuite.portal.org;

import java.util.List;

/**
 * A page of organisations. {@code total} is counted on offset pages (as before cursors existed) and is null on cursor
 * pages, where counting a large scope again on every page would cost more than the page; {@code nextCursor} is null
 * on the last page.
 */
public record OrgList(List<OrgResponse> items, Long total, int limit, int offset, String nextCursor) {
}
