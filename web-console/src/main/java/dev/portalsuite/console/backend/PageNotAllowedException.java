package dev.portalsuite.console.backend;

/** The API said 403 or 404: the page answers the same status as an HTML error page. */
public final class PageNotAllowedException extends RuntimeException {
    private final int status;

    public PageNotAllowedException(int status) {
        super("status " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
