package dev.portalsuite.auth.mfa;

/** The second step of a sign-in: the mfaToken from the first step and a typed factor. */
public record MfaLoginRequest(String mfaToken, String method, String code) {
    @Override
    public String toString() {
        return "MfaLoginRequest[method=" + method + ", mfaToken=***, code=***]";
    }
}
