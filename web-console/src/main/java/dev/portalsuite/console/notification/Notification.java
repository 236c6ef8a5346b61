package dev.portalsuite.console.notification;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Views;

/** One notification as the list shows it. */
public record Notification(String id, String type, String title, String message, String actionUrl, String createdAt,
                           boolean read) {

    static Notification of(JsonNode json) {
        String action = Views.text(json, "actionUrl");
        // only links within the console are followed from a notification; anything else is shown as text
        String local = action != null && Pages.localPath(action).equals(action) ? action : null;
        return new Notification(Views.text(json, "id"), Views.textOr(json, "type", "info"), Views.textOr(json, "title", ""),
                Views.textOr(json, "message", ""), local, Dates.when(Views.text(json, "createdAt")),
                json.path("read").asBoolean(false));
    }

    public String typeLabel() {
        return switch (type) {
            case "success" -> "Success";
            case "warning" -> "Warning";
            case "alert" -> "Alert";
            default -> "Information";
        };
    }
}
