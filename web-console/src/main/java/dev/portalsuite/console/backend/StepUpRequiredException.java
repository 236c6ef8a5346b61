package dev.portalsuite.console.backend;

/**
 * An API answered 401 with {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"} (RFC 9470): the
 * session is fine, but this operation wants a recent second factor. The console asks for one instead of ending the
 * session.
 */
public final class StepUpRequiredException extends RuntimeException {
    public StepUpRequiredException() {
        super("the API wants a recent second factor");
    }
}
