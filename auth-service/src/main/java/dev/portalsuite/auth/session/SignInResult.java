package dev.portalsuite.auth.session;

/** What a sign-in answers: a {@link TokenPair}, or (for an account with a second factor) the second step to take. */
public interface SignInResult {
}
