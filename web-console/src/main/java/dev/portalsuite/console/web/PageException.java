package dev.portalsuite.console.web;

/** Ends a request with an HTML error page of this status (403, 404, ...). */
public final class PageException extends RuntimeException {
    private final int status;

    public PageException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static PageException notFound() {
        return new PageException(404, "There is nothing at this address, or you may not see it.");
    }

    public static PageException forbidden() {
        return new PageException(403, "Your role does not allow this page.");
    }

    public int status() {
        return status;
    }
}
