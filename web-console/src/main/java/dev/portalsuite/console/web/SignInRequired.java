package dev.portalsuite.console.web;

/** The page needs a signed-in user and there is none (or the session just ended): go to the sign-in page. */
public final class SignInRequired extends RuntimeException {
    private final boolean ended;

    public SignInRequired(boolean ended) {
        super(ended ? "session ended" : "not signed in");
        this.ended = ended;
    }

    /** True when a session existed and has ended (the sign-in page says so). */
    public boolean ended() {
        return ended;
    }
}
