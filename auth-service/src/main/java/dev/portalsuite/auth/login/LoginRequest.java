package dev.portalsuite.auth.login;

public record LoginRequest(String email, String password) {
}
