package dev.portalsuite.auth.mfa;

/** A second factor typed in: {@code method} {@code totp} or {@code recovery}, and the code. */
public record CodeRequest(String method, String code) {
    @Override
    public String toString() {
        return "CodeRequest[method=" + method + ", code=***]";
    }
}
