package dev.portalsuite.auth.session;

import dev.portalsuite.auth.account.UserResponse;

public record TokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn, UserResponse user)
        implements SignInResult {
}
