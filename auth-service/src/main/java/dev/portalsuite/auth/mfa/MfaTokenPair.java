package dev.portalsuite.auth.mfa;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portalsuite.auth.account.UserResponse;
import dev.portalsuite.auth.session.SignInResult;
import dev.portalsuite.auth.session.TokenPair;

/** A {@link TokenPair} after a second factor; with a recovery code, also how many codes are left. */
public record MfaTokenPair(String accessToken, String refreshToken, String tokenType, long expiresIn, UserResponse user,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer recoveryCodesLeft) implements SignInResult {

    public static MfaTokenPair of(TokenPair pair, Integer recoveryCodesLeft) {
        return new MfaTokenPair(pair.accessToken(), pair.refreshToken(), pair.tokenType(), pair.expiresIn(), pair.user(),
                recoveryCodesLeft);
    }
}
