package dev.portalsuite.auth.account;

public record ChangePasswordRequest(String currentPassword, String newPassword) {
}
