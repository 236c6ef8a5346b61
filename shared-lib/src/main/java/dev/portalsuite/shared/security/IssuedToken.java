package dev.portalsuite.shared.security;

import java.time.Instant;

public record IssuedToken(String token, Instant expiresAt, long expiresInSeconds) {
}
