package dev.portalsuite.sync.net;

/** Set by the shutdown hook (SIGTERM): the job stops at the next record or request and fails its run. */
public final class Cancellation {
    private volatile String reason;

    public void cancel(String why) {
        this.reason = why;
    }

    public void check() {
        String why = reason;
        if (why != null) {
            throw new SyncFailure("stopped: " + why);
        }
    }
}
