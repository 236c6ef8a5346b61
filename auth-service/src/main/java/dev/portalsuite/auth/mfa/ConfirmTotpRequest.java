package dev.portalsuite.auth.mfa;

public record ConfirmTotpRequest(String code) {
    @Override
    public String toString() {
        return "ConfirmTotpRequest[code=***]";
    }
}
