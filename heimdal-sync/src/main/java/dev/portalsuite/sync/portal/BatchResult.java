package dev.portalsuite.sync.portal;

import java.util.List;

/** What portal-service did with one batch. */
public record BatchResult(int inserted, int updated, int unchanged, int pending, int resolvedPending,
                          List<Rejection> rejected) {

    /** A record portal-service did not write, and why. */
    public record Rejection(String externalId, String reason) {
    }
}
