package dev.portalsuite.console.backend;

/** A backend API could not be reached or answered that it cannot serve now (5xx): the page shows a banner. */
public final class BackendUnavailableException extends RuntimeException {
    private final String service;

    public BackendUnavailableException(String service, String reason) {
        super(service + " is unreachable: " + reason);
        this.service = service;
    }

    /** The service as people call it, e.g. "The portal service". */
    public String service() {
        return service;
    }
}
