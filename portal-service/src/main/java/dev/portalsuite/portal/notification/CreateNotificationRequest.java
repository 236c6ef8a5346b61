package dev.portalsuite.portal.notification;

import java.util.UUID;

/** {@code POST /api/portal/notifications}. */
public record CreateNotificationRequest(Audience audience, String title, String message, String type, String actionUrl) {

    /** Exactly one of {@code userId}, {@code orgId}, {@code role}. */
    public record Audience(UUID userId, UUID orgId, String role) {
    }
}
