package dev.portalsuite.portal.notification;

import java.util.List;

/** The feed: a page of notifications, newest first, plus the caller's total number of unread ones. */
public record NotificationPage(List<NotificationResponse> items, long total, int limit, int offset, long unreadCount) {
}
