package dev.portalsuite.auth.password;

public record ForgotPasswordRequest(String email) {
}
