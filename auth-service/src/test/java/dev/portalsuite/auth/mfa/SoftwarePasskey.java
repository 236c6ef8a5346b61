package dev.portalsuite.auth.mfa;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A browser with a software authenticator (webauthn4j's emulator): turns the server's JSON options into a
 * credential and answers in the JSON form a browser's {@code PublicKeyCredential.toJSON()} gives.
 */
final class SoftwarePasskey {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder D64 = Base64.getUrlDecoder();

    private final ClientPlatform platform;

    SoftwarePasskey(String origin) {
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(new PackedAuthenticator()));
    }

    /** Another browser origin for the same authenticator (a phishing page). */
    SoftwarePasskey at(String origin) {
        platform.setOrigin(new Origin(origin));
        return this;
    }

    /** {@code navigator.credentials.create} with the server's creation options; the credential as JSON. */
    String create(JsonNode options) {
        List<PublicKeyCredentialParameters> params = new ArrayList<>();
        options.get("pubKeyCredParams").forEach(p -> params.add(new PublicKeyCredentialParameters(
                PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.create(p.get("alg").asLong()))));
        JsonNode selection = options.get("authenticatorSelection");
        var creation = new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity(options.get("rp").get("id").asText(), options.get("rp").get("name").asText()),
                new PublicKeyCredentialUserEntity(D64.decode(options.get("user").get("id").asText()),
                        options.get("user").get("name").asText(), options.get("user").get("displayName").asText()),
                new DefaultChallenge(D64.decode(options.get("challenge").asText())),
                params, options.get("timeout").asLong(), descriptors(options.get("excludeCredentials")),
                new AuthenticatorSelectionCriteria(null, ResidentKeyRequirement.create(selection.get("residentKey").asText()),
                        UserVerificationRequirement.create(selection.get("userVerification").asText())),
                AttestationConveyancePreference.create(options.get("attestation").asText()), null);
        var credential = platform.create(creation);
        var response = credential.getResponse();
        return "{\"id\":\"" + B64.encodeToString(credential.getRawId()) + "\",\"rawId\":\"" + B64.encodeToString(credential.getRawId())
                + "\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"" + B64.encodeToString(response.getClientDataJSON())
                + "\",\"attestationObject\":\"" + B64.encodeToString(response.getAttestationObject())
                + "\",\"transports\":[\"internal\"]},\"authenticatorAttachment\":\"platform\",\"clientExtensionResults\":{}}";
    }

    /** {@code navigator.credentials.get} with the server's request options; the assertion as JSON. */
    String get(JsonNode options) {
        var request = new PublicKeyCredentialRequestOptions(new DefaultChallenge(D64.decode(options.get("challenge").asText())),
                options.get("timeout").asLong(), options.get("rpId").asText(), descriptors(options.get("allowCredentials")),
                UserVerificationRequirement.create(options.get("userVerification").asText()), null);
        var assertion = platform.get(request);
        var response = assertion.getResponse();
        return "{\"id\":\"" + B64.encodeToString(assertion.getRawId()) + "\",\"rawId\":\"" + B64.encodeToString(assertion.getRawId())
                + "\",\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"" + B64.encodeToString(response.getClientDataJSON())
                + "\",\"authenticatorData\":\"" + B64.encodeToString(response.getAuthenticatorData())
                + "\",\"signature\":\"" + B64.encodeToString(response.getSignature())
                + "\",\"userHandle\":\"" + (response.getUserHandle() == null ? "" : B64.encodeToString(response.getUserHandle()))
                + "\"},\"authenticatorAttachment\":\"platform\",\"clientExtensionResults\":{}}";
    }

    private static List<PublicKeyCredentialDescriptor> descriptors(JsonNode list) {
        List<PublicKeyCredentialDescriptor> descriptors = new ArrayList<>();
        list.forEach(d -> descriptors.add(new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY,
                D64.decode(d.get("id").asText()), null)));
        return descriptors;
    }
}
