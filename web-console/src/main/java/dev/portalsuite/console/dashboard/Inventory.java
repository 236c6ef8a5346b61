package dev.portalsuite.console.dashboard;

import java.util.List;

/** The freshness side of the dashboard: batches by status and those expiring soonest. */
public record Inventory(List<Dashboard.Bar> byStatus, List<Batch> expiringSoon) {

    public record Batch(String id, String product, String batchIdentifier, String status, String expiresOn, int daysOnShelf) {
        public String statusClass() {
            return status.toLowerCase(java.util.Locale.ROOT);
        }

        public String statusLabel() {
            return label(status);
        }
    }

    public long total() {
        return byStatus.stream().mapToLong(Dashboard.Bar::value).sum();
    }

    static String label(String status) {
        return switch (status) {
            case "FRESH" -> "Fresh";
            case "CAUTION" -> "Use soon";
            case "EXPIRED" -> "Expired";
            default -> status;
        };
    }
}
