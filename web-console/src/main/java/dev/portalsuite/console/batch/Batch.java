package dev.portalsuite.console.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Views;
import java.util.Locale;

/** One batch as the pages and labels show it. */
public record Batch(String id, String publicUrl, String product, String batchIdentifier, String butcherDate,
                    String arrivalDate, String notes, int daysOnShelf, String status, String statusMessage,
                    String freshUntil, String expiresOn) {

    static Batch of(JsonNode json) {
        return new Batch(Views.text(json, "id"), Views.textOr(json, "publicUrl", ""), Views.textOr(json, "product", ""),
                Views.textOr(json, "batchIdentifier", ""), Views.textOr(json, "butcherDate", ""),
                Views.textOr(json, "arrivalDate", ""), Views.textOr(json, "notes", ""), json.path("daysOnShelf").asInt(),
                Views.textOr(json, "status", ""), Views.textOr(json, "statusMessage", ""),
                Views.textOr(json, "freshUntil", ""), Views.textOr(json, "expiresOn", ""));
    }

    public String statusClass() {
        return "status-" + status.toLowerCase(Locale.ROOT);
    }

    public String statusLabel() {
        return switch (status) {
            case "FRESH" -> "Fresh";
            case "CAUTION" -> "Use soon";
            case "EXPIRED" -> "Expired";
            default -> status;
        };
    }

    public String days() {
        return daysOnShelf == 1 ? "1 day" : daysOnShelf + " days";
    }

    public String butcherDay() {
        return Dates.day(butcherDate);
    }

    public String arrivalDay() {
        return Dates.day(arrivalDate);
    }

    public String freshUntilDay() {
        return Dates.day(freshUntil);
    }

    public String expiresDay() {
        return Dates.day(expiresOn);
    }
}
