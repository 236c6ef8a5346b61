package dev.portalsuite.auth.mfa.passkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * WebAuthn options in the JSON form browsers parse with {@code PublicKeyCredential.parseCreationOptionsFromJSON} /
 * {@code parseRequestOptionsFromJSON} (binary values base64url).
 */
public final class WebAuthnOptions {
    private WebAuthnOptions() {
    }

    public record Creation(RelyingParty rp, UserEntity user, String challenge, List<Parameter> pubKeyCredParams, long timeout,
                           List<Descriptor> excludeCredentials, Selection authenticatorSelection, String attestation) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Request(String challenge, long timeout, String rpId, List<Descriptor> allowCredentials,
                          String userVerification) {
    }

    public record RelyingParty(String id, String name) {
    }

    public record UserEntity(String id, String name, String displayName) {
    }

    public record Parameter(String type, long alg) {
    }

    public record Descriptor(String type, String id) {
    }

    public record Selection(String residentKey, boolean requireResidentKey, String userVerification) {
    }
}
