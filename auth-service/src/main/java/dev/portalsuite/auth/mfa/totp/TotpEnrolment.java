package dev.portalsuite.auth.mfa.totp;

/** A pending authenticator: the secret (base32), the otpauth URI and the same as a QR code. Shown only at enrolment. */
public record TotpEnrolment(String secret, String otpauthUri, String qrSvg) {
    @Override
    public String toString() {
        return "TotpEnrolment[secret=***]";
    }
}
