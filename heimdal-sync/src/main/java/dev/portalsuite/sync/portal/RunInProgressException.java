package dev.portalsuite.sync.portal;

import dev.portalsuite.sync.net.SyncFailure;

/** {@code 409} on start: another run of the same source is RUNNING (exit code 3). */
public final class RunInProgressException extends SyncFailure {
    public RunInProgressException(String message) {
        super(message);
    }
}
