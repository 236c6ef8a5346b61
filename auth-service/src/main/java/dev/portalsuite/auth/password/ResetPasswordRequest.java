package dev.portalsuite.auth.password;

public record ResetPasswordRequest(String token, String newPassword) {
}
