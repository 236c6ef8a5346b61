package dev.portalsuite.sync.net;

/**
 * The job cannot go on. The message is written for an operator (what failed and what to check) and never
 * contains a credential.
 */
public class SyncFailure extends RuntimeException {
    public SyncFailure(String message) {
        super(message);
    }

    public SyncFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
