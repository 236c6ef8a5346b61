package dev.portalsuite.portal.notification;

import java.util.List;

/** {@code POST /api/portal/notifications/read}: ids as strings, so a malformed one is named in the 400. */
public record MarkReadRequest(List<String> ids) {
}
