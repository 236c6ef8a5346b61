package dev.portalsuite.sync.job;

import java.time.Duration;

/**
 * How a job ended. Exit codes: 0 success; 1 finished with warnings: some records were rejected (by the job's
 * mapping or by portal-service), or Heimdal's list ended early so nothing was deactivated; 2 failed
 * (configuration, credentials, Heimdal or portal errors; a started run is finished as FAILED and nothing is
 * deactivated); 3 another run is in progress. SIGTERM ends the JVM with 143 after the run was finished FAILED.
 */
public record Outcome(
        int exitCode,
        String status,
        boolean dryRun,
        String runId,
        int pages,
        long read,
        long skipped,
        long invalid,
        long sent,
        long inserted,
        long updated,
        long unchanged,
        long rejected,
        Integer deactivated,
        Integer reactivated,
        boolean deactivateMissing,
        Duration duration,
        String error) {

    public static final int OK = 0;
    public static final int WARNINGS = 1;
    public static final int FAILED = 2;
    public static final int RUN_IN_PROGRESS = 3;

    /** The one summary line an operator reads. */
    public String summaryLine() {
        StringBuilder line = new StringBuilder("heimdal-sync ").append(dryRun ? "dry run " : "").append(status)
                .append(" exit=").append(exitCode)
                .append(" read=").append(read)
                .append(" sent=").append(sent)
                .append(" inserted=").append(inserted)
                .append(" updated=").append(updated)
                .append(" unchanged=").append(unchanged)
                .append(" rejected=").append(rejected)
                .append(" (invalid=").append(invalid).append(")");
        if (deactivated != null) {
            line.append(" deactivated=").append(deactivated);
        }
        if (reactivated != null && reactivated > 0) {
            line.append(" reactivated=").append(reactivated);
        }
        if (skipped > 0) {
            line.append(" skipped=").append(skipped);
        }
        line.append(" pages=").append(pages)
                .append(" duration=").append(String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0));
        if (runId != null) {
            line.append(" run=").append(runId);
        }
        if (error != null) {
            line.append(" error=\"").append(error.replace('"', '\'')).append('"');
        }
        return line.toString();
    }
}
