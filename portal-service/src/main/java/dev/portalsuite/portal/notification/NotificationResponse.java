package dev.portalsuite.portal.notification;

import java.time.Instant;
import java.util.UUID;

/** One notification in the caller's feed, with the caller's own read state. */
public record NotificationResponse(UUID id, String type, String title, String message, String actionUrl,
                                   Instant createdAt, boolean read, Instant readAt) {

    static NotificationResponse of(NotificationDao.Row row) {
        return new NotificationResponse(row.id(), row.type(), row.title(), row.message(), row.actionUrl(),
                row.createdAt(), row.readAt() != null, row.readAt());
    }
}
