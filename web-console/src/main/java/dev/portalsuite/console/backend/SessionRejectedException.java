package dev.portalsuite.console.backend;

/** An API refused the session's access token (401): the session has ended elsewhere (revoked, user disabled). */
public final class SessionRejectedException extends RuntimeException {
    public SessionRejectedException() {
        super("the API refused the session's access token");
    }
}
