package dev.portalsuite.portal.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code SyncRun}: a run with its counts and its first rejections. */
public record SyncRunResponse(
        UUID id,
        String source,
        UUID msspOrgId,
        String status,
        String startedBy,
        Instant startedAt,
        Instant lastActivityAt,
        Instant finishedAt,
        Boolean deactivateMissing,
        int batches,
        int received,
        int inserted,
        int updated,
        int unchanged,
        int rejected,
        long pending,
        int deactivated,
        int reactivated,
        String error,
        List<Error> errors) {

    public record Error(String externalId, String reason) {
    }

    static SyncRunResponse of(SyncDao.RunRow row, long pending, List<Error> errors) {
        return new SyncRunResponse(row.id(), row.source(), row.msspOrgId(), row.status(), row.startedBy(),
                row.startedAt(), row.lastActivityAt(), row.finishedAt(), row.deactivateMissing(), row.batches(),
                row.received(), row.inserted(), row.updated(), row.unchanged(), row.rejected(), pending,
                row.deactivated(), row.reactivated(), row.error(), errors);
    }
}
