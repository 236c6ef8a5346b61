package dev.portalsuite.shared.security;

import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;

/** An RSA key pair with its JWK thumbprint as {@code kid}. */
public record SigningKey(String kid, RSAPrivateKey privateKey, RSAPublicKey publicKey) {
    public static SigningKey of(RSAPrivateKey privateKey, RSAPublicKey publicKey) {
        return new SigningKey(RsaKeys.thumbprint(publicKey), privateKey, publicKey);
    }
}
