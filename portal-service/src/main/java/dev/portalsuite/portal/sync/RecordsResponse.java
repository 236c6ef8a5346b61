package dev.portalsuite.portal.sync;

import java.util.List;

/**
 * The outcome of one batch. {@code inserted + updated + unchanged} are the organisations written by this
 * batch, including {@code resolvedPending} clients held back by earlier batches whose parent arrived now;
 * {@code pending} clients of this batch wait for a parent that has not arrived yet.
 */
public record RecordsResponse(int inserted, int updated, int unchanged, int pending, int resolvedPending,
                              List<RejectedRecord> rejected) {
}
