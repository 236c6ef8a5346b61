package dev.portalsuite.auth.mfa.passkey;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import dev.portalsuite.shared.web.ApiException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Passkey ceremonies with webauthn4j: creation and request options (challenges kept server-side, single use,
 * 5 minutes), registration (discoverable credential, user verification required, no attestation demanded) and
 * assertion checks against the configured relying-party id and origins. The user handle is the user id's 16 bytes.
 */
public final class Passkeys {
    public static final Duration CEREMONY_TTL = Duration.ofMinutes(5);
    public static final int MAX_NAME_LENGTH = 100;
    private static final String RP_NAME = "Portal Suite";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final Jdbi jdbi;
    private final Clock clock;
    private final String rpId;
    private final Set<Origin> origins;
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
    private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(new ObjectConverter());

    public Passkeys(Jdbi jdbi, Clock clock, String rpId, List<String> origins) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.rpId = rpId;
        this.origins = origins.stream().map(Origin::new).collect(Collectors.toUnmodifiableSet());
    }

    public static byte[] userHandle(UUID userId) {
        return ByteBuffer.allocate(16).putLong(userId.getMostSignificantBits()).putLong(userId.getLeastSignificantBits()).array();
    }

    private static UUID userOf(byte[] handle) {
        if (handle == null || handle.length != 16) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(handle);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    public WebAuthnOptions.Creation creationOptions(UUID userId, String email, String fullName) {
        byte[] challenge = newChallenge("register", userId, null);
        List<WebAuthnOptions.Descriptor> exclude = jdbi.withExtension(PasskeyDao.class, dao -> dao.credentialIds(userId)).stream()
                .map(id -> new WebAuthnOptions.Descriptor("public-key", B64.encodeToString(id))).toList();
        return new WebAuthnOptions.Creation(new WebAuthnOptions.RelyingParty(rpId, RP_NAME),
                new WebAuthnOptions.UserEntity(B64.encodeToString(userHandle(userId)), email, fullName),
                B64.encodeToString(challenge),
                ALGORITHMS.stream().map(p -> new WebAuthnOptions.Parameter("public-key", p.getAlg().getValue())).toList(),
                CEREMONY_TTL.toMillis(), exclude,
                new WebAuthnOptions.Selection("required", true, "required"), "none");
    }

    /** Request options; for a known user (second step) only that user's passkeys are allowed. */
    public WebAuthnOptions.Request requestOptions(UUID userId, byte[] mfaTokenHash) {
        byte[] challenge = newChallenge("authenticate", userId, mfaTokenHash);
        List<WebAuthnOptions.Descriptor> allow = userId == null ? List.of()
                : jdbi.withExtension(PasskeyDao.class, dao -> dao.credentialIds(userId)).stream()
                        .map(id -> new WebAuthnOptions.Descriptor("public-key", B64.encodeToString(id))).toList();
        return new WebAuthnOptions.Request(B64.encodeToString(challenge), CEREMONY_TTL.toMillis(), rpId, allow, "required");
    }

    private byte[] newChallenge(String purpose, UUID userId, byte[] mfaTokenHash) {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Instant now = clock.instant();
        jdbi.useExtension(ChallengeDao.class, dao -> dao.insert(challenge, purpose, userId, mfaTokenHash, now, now.plus(CEREMONY_TTL)));
        return challenge;
    }

    /** Checks a registration response for the user and stores the passkey; 400 on {@code credential} when it fails. */
    public PasskeyResponse register(Handle handle, UUID userId, String name, String credentialJson) {
        RegistrationData data;
        try {
            data = webAuthn.parseRegistrationResponseJSON(credentialJson);
        } catch (RuntimeException e) { // webauthn4j reports malformed input with several exception types (also Jackson 3 ones)
            throw ApiException.invalidField("credential", "is not a WebAuthn registration response");
        }
        byte[] challenge = data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                ? new byte[0] : data.getCollectedClientData().getChallenge().getValue();
        Optional<ChallengeDao.Issued> issued = handle.attach(ChallengeDao.class).consume(challenge, "register", clock.instant());
        if (issued.isEmpty() || !userId.equals(issued.get().userId())) {
            throw ApiException.invalidField("credential", "answers no registration challenge of yours that is still open");
        }
        try {
            webAuthn.verify(data, new RegistrationParameters(new ServerProperty(origins, rpId, new DefaultChallenge(challenge)),
                    ALGORITHMS, true, true));
        } catch (VerificationException e) {
            throw ApiException.invalidField("credential", "could not be verified (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) { // malformed parts that only verification looks at
            throw ApiException.invalidField("credential", "could not be verified");
        }
        AuthenticatorData<?> authenticator = data.getAttestationObject().getAuthenticatorData();
        byte[] credentialId = authenticator.getAttestedCredentialData().getCredentialId();
        PasskeyDao dao = handle.attach(PasskeyDao.class);
        if (dao.findByCredentialId(credentialId).isPresent()) {
            throw ApiException.conflict("This passkey is already registered.");
        }
        UUID id = UUID.randomUUID();
        dao.insert(id, userId, credentialId, name, credentialData.convert(authenticator.getAttestedCredentialData()),
                authenticator.getSignCount(), authenticator.isFlagBE(), authenticator.isFlagBS(), clock.instant());
        return PasskeyResponse.of(dao.findOwn(id, userId).orElseThrow());
    }

    /** A verified assertion: whose passkey it was and which one. */
    public record Asserted(UUID userId, UUID passkeyId, String passkeyName) {
    }

    /**
     * Checks an assertion against a challenge this server issued. With {@code expectedUser} (second step, step-up)
     * the passkey must be that user's, and a challenge bound to a sign-in must be answered within it
     * ({@code mfaTokenHash}); without (passwordless) the authenticator names the user by its user handle.
     * Empty when anything does not check out; 400 when the credential is not an assertion at all.
     */
    public Optional<Asserted> verifyAssertion(String credentialJson, UUID expectedUser, byte[] mfaTokenHash) {
        AuthenticationData data;
        try {
            data = webAuthn.parseAuthenticationResponseJSON(credentialJson);
        } catch (RuntimeException e) { // webauthn4j reports malformed input with several exception types (also Jackson 3 ones)
            throw ApiException.invalidField("credential", "is not a WebAuthn assertion");
        }
        if (data.getCollectedClientData() == null || data.getCollectedClientData().getChallenge() == null
                || data.getCredentialId() == null) {
            throw ApiException.invalidField("credential", "is not a WebAuthn assertion");
        }
        byte[] challenge = data.getCollectedClientData().getChallenge().getValue();
        return jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            Optional<ChallengeDao.Issued> issued = handle.attach(ChallengeDao.class).consume(challenge, "authenticate", now);
            if (issued.isEmpty()) {
                return Optional.<Asserted>empty();
            }
            ChallengeDao.Issued bound = issued.get();
            if (bound.userId() != null && !bound.userId().equals(expectedUser)) {
                return Optional.<Asserted>empty();
            }
            if (bound.mfaTokenHash() != null && (mfaTokenHash == null || !Arrays.equals(bound.mfaTokenHash(), mfaTokenHash))) {
                return Optional.<Asserted>empty();
            }
            PasskeyDao dao = handle.attach(PasskeyDao.class);
            Optional<PasskeyDao.Row> row = dao.findByCredentialId(data.getCredentialId());
            if (row.isEmpty() || (expectedUser != null && !expectedUser.equals(row.get().userId()))) {
                return Optional.<Asserted>empty();
            }
            if (data.getUserHandle() != null && data.getUserHandle().length > 0
                    && !row.get().userId().equals(userOf(data.getUserHandle()))) {
                return Optional.<Asserted>empty();
            }
            if (expectedUser == null && (data.getUserHandle() == null || data.getUserHandle().length == 0)) {
                return Optional.<Asserted>empty();
            }
            PasskeyDao.Row passkey = row.get();
            CredentialRecordImpl record = new CredentialRecordImpl(new NoneAttestationStatement(), true,
                    passkey.backupEligible(), passkey.backupState(), passkey.signCount(),
                    credentialData.convert(passkey.credentialRecord()), null, null, null, null);
            try {
                webAuthn.verify(data, new AuthenticationParameters(new ServerProperty(origins, rpId, new DefaultChallenge(challenge)),
                        record, null, true, true));
            } catch (RuntimeException e) { // VerificationException, or malformed parts only verification looks at
                return Optional.<Asserted>empty();
            }
            AuthenticatorData<?> authenticator = data.getAuthenticatorData();
            if (dao.recordUse(passkey.id(), authenticator.getSignCount(), authenticator.isFlagBS(), now) == 0) {
                return Optional.<Asserted>empty();
            }
            return Optional.of(new Asserted(passkey.userId(), passkey.id(), passkey.name()));
        });
    }

    public Optional<PasskeyResponse> rename(UUID userId, UUID id, String name) {
        return jdbi.inTransaction(handle -> {
            PasskeyDao dao = handle.attach(PasskeyDao.class);
            if (dao.rename(id, userId, name) == 0) {
                return Optional.<PasskeyResponse>empty();
            }
            return dao.findOwn(id, userId).map(PasskeyResponse::of);
        });
    }

    public boolean remove(Handle handle, UUID userId, UUID id) {
        return handle.attach(PasskeyDao.class).delete(id, userId) > 0;
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        return jdbi.withExtension(ChallengeDao.class, dao -> dao.purgeExpiredBefore(before));
    }

    /** A passkey's name: trimmed, 1 to 100 characters; 400 on {@code name} otherwise. */
    public static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField("name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }
}
