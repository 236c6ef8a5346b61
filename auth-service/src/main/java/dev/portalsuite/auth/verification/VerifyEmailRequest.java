package dev.portalsuite.auth.verification;

public record VerifyEmailRequest(String token) {
}
