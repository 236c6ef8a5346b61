package dev.portalsuite.console.dashboard;

import java.util.List;

/** The organisation side of the dashboard, as the template shows it. */
public record Dashboard(String scopeName, String scopeType, List<Total> totals, Sync lastSync, List<Bar> licences,
                        List<Bar> devices) {

    public record Total(String label, long value) {
    }

    public record Sync(String status, String finishedAt) {
        public String statusLabel() {
            return switch (status) {
                case "SUCCEEDED" -> "Succeeded";
                case "FAILED" -> "Failed";
                case "RUNNING" -> "Running";
                default -> status;
            };
        }
    }

    /** One bar of a chart (and one row of its table): {@code value}, and {@code second} for a paired series. */
    public record Bar(String key, String label, long value, long second) {
    }
}
