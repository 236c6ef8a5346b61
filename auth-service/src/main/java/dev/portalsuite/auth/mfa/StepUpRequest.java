package dev.portalsuite.auth.mfa;

/** {@code POST /api/auth/step-up}: a typed factor ({@code method}, {@code code}). */
public record StepUpRequest(String method, String code) {
    @Override
    public String toString() {
        return "StepUpRequest[method=" + method + ", code=***]";
    }
}
