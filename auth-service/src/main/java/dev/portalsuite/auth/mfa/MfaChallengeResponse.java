package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.session.SignInResult;
import java.util.List;

/** The first factor was right; the sign-in needs a second step with this token. No access or refresh token yet. */
public record MfaChallengeResponse(boolean mfaRequired, String mfaToken, List<String> methods, long expiresIn)
        implements SignInResult {
    @Override
    public String toString() {
        return "MfaChallengeResponse[methods=" + methods + ", mfaToken=***]";
    }
}
