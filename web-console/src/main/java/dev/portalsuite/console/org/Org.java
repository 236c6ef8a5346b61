package dev.portalsuite.console.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Views;
import java.util.Locale;

/** One organisation as the pages show it. */
public record Org(String id, String type, String name, String parentId, String status, String licenseType,
                  long purchasedLicenses, long activeLicenses, long devices, String lastSyncedAt, String externalSource) {

    static Org of(JsonNode json) {
        return new Org(Views.text(json, "id"), Views.textOr(json, "type", ""), Views.textOr(json, "name", ""),
                Views.text(json, "parentId"), Views.textOr(json, "status", ""), Views.text(json, "licenseType"),
                json.path("purchasedLicenses").asLong(), json.path("activeLicenses").asLong(), json.path("devices").asLong(),
                Views.text(json, "lastSyncedAt"), Views.text(json, "externalSource"));
    }

    public String typeLabel() {
        return switch (type) {
            case "MSSP" -> "MSSP";
            case "MSP" -> "MSP";
            case "CLIENT" -> "Client";
            default -> type;
        };
    }

    public String statusClass() {
        return "status-" + status.toLowerCase(Locale.ROOT);
    }

    public String statusLabel() {
        return status.equals("ACTIVE") ? "Active" : status.equals("INACTIVE") ? "Archived" : status;
    }

    public boolean active() {
        return status.equals("ACTIVE");
    }

    public String lastSync() {
        return lastSyncedAt == null ? "Never synced" : Dates.when(lastSyncedAt);
    }

    public String childLabel() {
        return "MSP".equals(childType()) ? "an MSP" : "a client";
    }

    /** The type of organisation that may be created under this one (MSSP → MSP, MSP → client), or null. */
    public String childType() {
        return switch (type) {
            case "MSSP" -> "MSP";
            case "MSP" -> "CLIENT";
            default -> null;
        };
    }
}
