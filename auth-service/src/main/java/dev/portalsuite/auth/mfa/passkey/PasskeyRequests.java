package dev.portalsuite.auth.mfa.passkey;

import com.fasterxml.jackson.databind.JsonNode;

/** Request bodies of the passkey routes; {@code credential} is the browser's {@code PublicKeyCredential.toJSON()}. */
public final class PasskeyRequests {
    private PasskeyRequests() {
    }

    public record Register(String name, JsonNode credential) {
    }

    public record Rename(String name) {
    }

    public record SignInOptions(String mfaToken) {
        @Override
        public String toString() {
            return "SignInOptions[mfaToken=" + (mfaToken == null ? "none" : "***") + "]";
        }
    }

    public record SignIn(String mfaToken, JsonNode credential) {
        @Override
        public String toString() {
            return "SignIn[mfaToken=" + (mfaToken == null ? "none" : "***") + "]";
        }
    }
}
