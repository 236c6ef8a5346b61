package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ProblemAssert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Passkeys against webauthn4j's software authenticator: registration (several, named), the second step, a
 * passwordless sign-in with a discoverable passkey, step-up, rename and removal, and what is refused.
 */
class PasskeyIT {
    private static final String ORIGIN = "https://portal.example.test";
    private static AuthUnderTest server;

    @BeforeAll
    static void start() {
        server = new AuthUnderTest().with(Map.of("CONSOLE_BASE_URL", ORIGIN, "STEP_UP_REQUIRED", "true", "MFA_REQUIRED_ROLES", "admin")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode creationOptions(String access) {
        ApiResponse options = server.client().post("/api/auth/me/mfa/passkeys/options").bearer(access).send();
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        return options.json();
    }

    private static ApiResponse register(String access, String name, String credential) {
        return server.client().post("/api/auth/me/mfa/passkeys").bearer(access)
                .json("{\"name\":\"" + name + "\",\"credential\":" + credential + "}").send();
    }

    private static JsonNode requestOptions(String mfaToken) {
        ApiResponse options = server.client().post("/api/auth/login/webauthn/options")
                .header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json(mfaToken == null ? "{}" : "{\"mfaToken\":\"" + mfaToken + "\"}").send();
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        return options.json();
    }

    private static ApiResponse signIn(String mfaToken, String credential) {
        return server.client().post("/api/auth/login/webauthn").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json(mfaToken == null ? "{\"credential\":" + credential + "}"
                        : "{\"mfaToken\":\"" + mfaToken + "\",\"credential\":" + credential + "}").send();
    }

    private static List<String> amr(ApiResponse pair) {
        return JWT.decode(pair.json().get("accessToken").asText()).getClaim("amr").asList(String.class);
    }

    @Test
    void registerSeveralThenUseThemAsSecondStepPasswordlessAndForStepUp() {
        String email = "passkeys@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        String access = server.newUser(email).get("accessToken").asText();
        SoftwarePasskey laptop = new SoftwarePasskey(ORIGIN);
        SoftwarePasskey phone = new SoftwarePasskey(ORIGIN);

        JsonNode options = creationOptions(access);
        assertThat(options.get("rp").get("id").asText()).isEqualTo("portal.example.test");
        assertThat(options.get("authenticatorSelection").get("userVerification").asText()).isEqualTo("required");
        assertThat(options.get("excludeCredentials")).isEmpty();
        ApiResponse first = register(access, "Work laptop", laptop.create(options));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("name").asText()).isEqualTo("Work laptop");

        // the same challenge cannot register a second passkey; a fresh one can
        JsonNode second = creationOptions(access);
        assertThat(second.get("excludeCredentials")).hasSize(1);
        String phoneCredential = phone.create(second);
        assertThat(register(access, "Phone", phoneCredential).status()).isEqualTo(201);
        ProblemAssert.assertCleanProblem(register(access, "Phone again", phoneCredential), 400);

        ApiResponse status = server.client().get("/api/auth/me/mfa").bearer(access).send();
        assertThat(status.json().get("passkeys")).hasSize(2);

        // second step with a passkey
        ApiResponse password1 = server.login(email, password);
        assertThat(password1.json().get("methods").toString()).isEqualTo("[\"webauthn\"]");
        String mfaToken = password1.json().get("mfaToken").asText();
        JsonNode bound = requestOptions(mfaToken);
        assertThat(bound.get("allowCredentials")).hasSize(2);
        ApiResponse secondStep = signIn(mfaToken, laptop.get(bound));
        assertThat(secondStep.status()).as(secondStep.toString()).isEqualTo(200);
        assertThat(amr(secondStep)).containsExactly("pwd", "hwk", "user", "mfa");

        // passwordless with a discoverable passkey
        JsonNode open = requestOptions(null);
        assertThat(open.get("allowCredentials")).isEmpty();
        String assertion = phone.get(open);
        ApiResponse passwordless = signIn(null, assertion);
        assertThat(passwordless.status()).as(passwordless.toString()).isEqualTo(200);
        assertThat(passwordless.json().get("user").get("email").asText()).isEqualTo(email);
        assertThat(amr(passwordless)).containsExactly("hwk", "user", "mfa");
        // the same assertion again: its challenge is spent
        ProblemAssert.assertCleanProblem(signIn(null, assertion), 401);

        // a phishing origin does not verify
        ProblemAssert.assertCleanProblem(signIn(null, phone.at("https://portal-example.evil").get(requestOptions(null))), 401);
        phone.at(ORIGIN);

        // step-up of the password-only session with a passkey
        ProblemAssert.assertCleanProblem(server.client().delete("/api/auth/me/mfa/passkeys/" + first.json().get("id").asText())
                .bearer(access).send(), 401);
        ApiResponse steppedUp = server.client().post("/api/auth/step-up").bearer(access)
                .json("{\"credential\":" + laptop.get(requestOptions(null)) + "}").send();
        assertThat(steppedUp.status()).as(steppedUp.toString()).isEqualTo(200);
        assertThat(amr(steppedUp)).containsExactly("pwd", "hwk", "user", "mfa");
        String strong = steppedUp.json().get("accessToken").asText();

        ApiResponse renamed = server.client().patch("/api/auth/me/mfa/passkeys/" + first.json().get("id").asText())
                .bearer(strong).json("{\"name\":\"Old laptop\"}").send();
        assertThat(renamed.json().get("name").asText()).isEqualTo("Old laptop");
        ProblemAssert.assertCleanProblem(server.client().patch("/api/auth/me/mfa/passkeys/" + first.json().get("id").asText())
                .bearer(strong).json("{\"name\":\"  \"}").send(), 400);
        assertThat(server.client().delete("/api/auth/me/mfa/passkeys/" + first.json().get("id").asText()).bearer(strong).send()
                .status()).isEqualTo(204);
        // the removed passkey no longer signs in
        ProblemAssert.assertCleanProblem(signIn(null, laptop.get(requestOptions(null))), 401);

        assertThat(server.count("""
                SELECT count(*) FROM audit_events WHERE email = 'passkeys@example.com'
                AND action IN ('mfa.passkey_registered', 'mfa.passkey_renamed', 'mfa.passkey_removed')""")).isEqualTo(4);
    }

    @Test
    void anotherAccountsPasskeyIsNoSecondStep() {
        String alice = "alice-pk@example.com";
        String bob = "bob-pk@example.com";
        SoftwarePasskey alicesKey = new SoftwarePasskey(ORIGIN);
        SoftwarePasskey bobsKey = new SoftwarePasskey(ORIGIN);
        String aliceAccess = server.newUser(alice).get("accessToken").asText();
        String bobAccess = server.newUser(bob).get("accessToken").asText();
        assertThat(register(aliceAccess, "Key", alicesKey.create(creationOptions(aliceAccess))).status()).isEqualTo(201);
        assertThat(register(bobAccess, "Key", bobsKey.create(creationOptions(bobAccess))).status()).isEqualTo(201);

        String mfaToken = server.login(alice, "Correct-Horse-" + alice.hashCode()).json().get("mfaToken").asText();
        // Bob's passkey answering Alice's challenge, and Bob's answering an unbound one, are both refused
        JsonNode alicesChallenge = requestOptions(mfaToken);
        ((ObjectNode) alicesChallenge).putArray("allowCredentials");
        ProblemAssert.assertCleanProblem(signIn(mfaToken, bobsKey.get(alicesChallenge)), 401);
        ProblemAssert.assertCleanProblem(signIn(mfaToken, bobsKey.get(requestOptions(null))), 401);
        assertThat(server.count("""
                SELECT count(*) FROM audit_events WHERE action = 'mfa.challenge_failed' AND email = 'alice-pk@example.com'"""))
                .isEqualTo(2);
        assertThat(signIn(mfaToken, alicesKey.get(requestOptions(mfaToken))).status()).isEqualTo(200);

        ApiResponse malformed = signIn(null, "{\"id\":\"x\",\"type\":\"public-key\",\"response\":{}}");
        ProblemAssert.assertCleanProblem(malformed, 400);
        assertThat(malformed.errorFields()).containsExactly("credential");
    }

    @Test
    void aPasskeyIsAFactorThatEndsTheEnrolmentRestriction() {
        ApiResponse login = server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD);
        String restricted = login.json().get("accessToken").asText();
        assertThat(JWT.decode(restricted).getClaim("scope").asString()).isEqualTo("mfa:enroll");
        ProblemAssert.assertCleanProblem(server.client().get("/api/auth/admin/users").bearer(restricted).send(), 403);
        // renaming is not an enrolment route
        ProblemAssert.assertCleanProblem(server.client().patch("/api/auth/me/mfa/passkeys/" + java.util.UUID.randomUUID())
                .bearer(restricted).json("{\"name\":\"x\"}").send(), 403);

        SoftwarePasskey key = new SoftwarePasskey(ORIGIN);
        assertThat(register(restricted, "Admin key", key.create(creationOptions(restricted))).status()).isEqualTo(201);

        ApiResponse upgraded = server.refresh(login.json().get("refreshToken").asText());
        assertThat(JWT.decode(upgraded.json().get("accessToken").asText()).getClaim("scope").isMissing()).isTrue();
        assertThat(amr(upgraded)).containsExactly("pwd", "hwk", "user", "mfa");
        assertThat(server.client().get("/api/auth/admin/users").bearer(upgraded.json().get("accessToken").asText()).send()
                .status()).isEqualTo(200);

        // and the admin signs in without a password from now on
        ApiResponse passwordless = signIn(null, key.get(requestOptions(null)));
        assertThat(passwordless.json().get("user").get("email").asText()).isEqualTo(AuthUnderTest.ADMIN_EMAIL);
        assertThat(JWT.decode(passwordless.json().get("accessToken").asText()).getClaim("scope").isMissing()).isTrue();
    }
}
