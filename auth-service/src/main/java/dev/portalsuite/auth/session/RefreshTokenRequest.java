package dev.portalsuite.auth.session;

public record RefreshTokenRequest(String refreshToken) {
}
