package dev.portalsuite.portal.notification;

import java.time.Instant;
import java.util.UUID;

/** A created notification with its audience, as its sender sees it. */
public record NotificationCreatedResponse(UUID id, Audience audience, String type, String title, String message,
                                          String actionUrl, Instant createdAt) {

    /** Exactly one of the three is set. */
    public record Audience(UUID userId, UUID orgId, String role) {
    }

    public record Row(UUID id, UUID audienceUserId, UUID audienceOrgId, String audienceRole, String type, String title,
                      String message, String actionUrl, Instant createdAt) {
        NotificationCreatedResponse toResponse() {
            return new NotificationCreatedResponse(id, new Audience(audienceUserId, audienceOrgId, audienceRole), type,
                    title, message, actionUrl, createdAt);
        }
    }
}
