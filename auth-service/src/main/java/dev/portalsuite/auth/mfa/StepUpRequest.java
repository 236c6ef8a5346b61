package dev.portalsuite.auth.mfa;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /api/auth/step-up}: a typed factor ({@code method}, {@code code}) or a passkey assertion ({@code credential}). */
public record StepUpRequest(String method, String code, JsonNode credential) {
    @Override
    public String toString() {
        return "StepUpRequest[method=" + method + ", code=***]";
    }
}
