package dev.portalsuite.auth.account;

public record RegisterRequest(String email, String password, String fullName, String inviteToken) {
}
