package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ProblemAssert;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9470 step-up on sensitive routes: a password-only token is refused with insufficient_user_authentication,
 * POST /api/auth/step-up fixes that for the same session, and STEP_UP_MAX_AGE later it is refused again.
 */
class StepUpIT {
    private static final TestClock CLOCK = TestClock.ticking(Instant.parse("2026-12-02T10:00:05Z"));
    private static AuthUnderTest server;
    private static MfaClient mfa;

    @BeforeAll
    static void start() {
        server = new AuthUnderTest().with(Map.of("STEP_UP_REQUIRED", "true")).clock(CLOCK).start();
        mfa = new MfaClient(server, CLOCK);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertStepUpRequired(ApiResponse response) {
        ProblemAssert.assertCleanProblem(response, 401);
        String challenge = response.header("WWW-Authenticate");
        assertThat(challenge).startsWith("Bearer error=\"insufficient_user_authentication\"")
                .contains("error_description=\"").endsWith("max_age=900");
    }

    private static ApiResponse createClient(String token, String clientId) {
        return server.client().post("/api/auth/admin/service-clients").bearer(token)
                .json("{\"clientId\":\"" + clientId + "\",\"scopes\":[\"portal:ingest\"]}").send();
    }

    @Test
    void sensitiveRoutesNeedARecentSecondFactorAndStepUpGivesItForTheSameSession() {
        ApiResponse login = server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD);
        String passwordOnly = login.json().get("accessToken").asText();
        String refresh = login.json().get("refreshToken").asText();
        String victim = server.newUser("stepup-victim@example.com").get("user").get("id").asText();

        assertStepUpRequired(createClient(passwordOnly, "sync-one"));
        assertStepUpRequired(server.client().patch("/api/auth/admin/service-clients/sync-one").bearer(passwordOnly)
                .json("{\"disabled\":true}").send());
        assertStepUpRequired(server.client().patch("/api/auth/admin/users/" + victim).bearer(passwordOnly)
                .json("{\"roles\":[\"admin\"]}").send());
        assertStepUpRequired(server.client().delete("/api/auth/admin/users/" + victim).bearer(passwordOnly).send());
        assertStepUpRequired(server.client().post("/api/auth/admin/users/" + victim + "/mfa/reset").bearer(passwordOnly).send());
        // disabling is not on the step-up list
        assertThat(server.client().patch("/api/auth/admin/users/" + victim).bearer(passwordOnly)
                .json("{\"disabled\":false}").send().status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM service_clients WHERE client_id = 'sync-one'")).isZero();
        assertThat(server.count("SELECT count(*) FROM users WHERE 'admin' = ANY (roles)")).isEqualTo(1);

        // no factor yet: step-up cannot succeed
        ProblemAssert.assertCleanProblem(mfa.stepUp(passwordOnly, "totp", "123456"), 401);

        String secret = mfa.enrolTotp(passwordOnly).secret();
        CLOCK.advance(Duration.ofSeconds(30));
        ApiResponse wrongStep = mfa.stepUp(passwordOnly, "totp", MfaClient.code(secret, CLOCK.instant().plusSeconds(90)));
        ProblemAssert.assertCleanProblem(wrongStep, 401);

        ApiResponse stepped = mfa.stepUp(passwordOnly, "totp", MfaClient.code(secret, CLOCK.instant()));
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        String strong = stepped.json().get("accessToken").asText();
        DecodedJWT before = JWT.decode(passwordOnly);
        DecodedJWT after = JWT.decode(strong);
        assertThat(after.getClaim("sid").asString()).isEqualTo(before.getClaim("sid").asString());
        assertThat(after.getClaim("amr").asList(String.class)).containsExactly("pwd", "otp", "mfa");
        assertThat(after.getClaim("auth_time").asLong()).isGreaterThan(before.getClaim("auth_time").asLong());

        // the session's earlier refresh token stops working without ending the session
        ProblemAssert.assertCleanProblem(server.refresh(refresh), 401);
        assertThat(server.client().get("/api/auth/me").bearer(strong).send().status()).isEqualTo(200);

        assertThat(createClient(strong, "sync-one").status()).isEqualTo(201);
        assertThat(server.client().patch("/api/auth/admin/users/" + victim).bearer(strong)
                .json("{\"roles\":[\"admin\"]}").send().status()).isEqualTo(200);
        resetSomeonesFactors(passwordOnly, strong);

        // a refresh keeps amr and auth_time, so the step-up ages with the session
        CLOCK.advance(Duration.ofMinutes(10));
        ApiResponse refreshed = server.refresh(stepped.json().get("refreshToken").asText());
        assertThat(refreshed.status()).isEqualTo(200);
        String refreshedToken = refreshed.json().get("accessToken").asText();
        assertThat(JWT.decode(refreshedToken).getClaim("auth_time").asLong()).isEqualTo(after.getClaim("auth_time").asLong());
        assertThat(createClient(refreshedToken, "sync-two").status()).isEqualTo(201);

        CLOCK.advance(Duration.ofMinutes(5).plusSeconds(2));
        ApiResponse again = server.refresh(refreshed.json().get("refreshToken").asText());
        assertStepUpRequired(createClient(again.json().get("accessToken").asText(), "sync-three"));
        assertThat(server.count("SELECT count(*) FROM service_clients WHERE client_id = 'sync-three'")).isZero();

        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.step_up'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.challenge_failed'")).isEqualTo(2);
    }

    /** An administrator's reset: step-up, the factors gone, the user's sessions revoked, audited. */
    private static void resetSomeonesFactors(String passwordOnlyAdmin, String steppedUpAdmin) {
        String email = "reset-me@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        String secret = mfa.enrolTotp(server.newUser(email).get("accessToken").asText()).secret();
        CLOCK.advance(Duration.ofSeconds(30));
        JsonNode session = mfa.signIn(email, password, secret);
        String userId = session.get("user").get("id").asText();
        ApiResponse listed = server.client().get("/api/auth/admin/users").query("q", "reset-me").bearer(steppedUpAdmin).send();
        assertThat(listed.json().get("items").get(0).get("mfa").toString()).isEqualTo("{\"totp\":true,\"passkeys\":0}");

        assertStepUpRequired(server.client().post("/api/auth/admin/users/" + userId + "/mfa/reset").bearer(passwordOnlyAdmin).send());
        assertThat(server.client().post("/api/auth/admin/users/" + userId + "/mfa/reset").bearer(steppedUpAdmin).send().status())
                .isEqualTo(204);
        assertThat(server.client().get("/api/auth/me").bearer(session.get("accessToken").asText()).send().status())
                .isEqualTo(401);
        assertThat(server.client().get("/api/auth/admin/users/" + userId).bearer(steppedUpAdmin).send().json()
                .get("mfa").toString()).isEqualTo("{\"totp\":false,\"passkeys\":0}");
        assertThat(server.login(email, password).json().has("accessToken")).isTrue();
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'mfa.reset' AND email = 'reset-me@example.com'"))
                .isEqualTo(1);
        ProblemAssert.assertCleanProblem(server.client().post("/api/auth/admin/users/" + java.util.UUID.randomUUID()
                + "/mfa/reset").bearer(steppedUpAdmin).send(), 404);
    }

    @Test
    void removingOnesOwnFactorAndRegeneratingCodesNeedStepUp() {
        String email = "own-factor@example.com";
        String password = "Correct-Horse-" + email.hashCode();
        String access = server.newUser(email).get("accessToken").asText();
        String secret = mfa.enrolTotp(access).secret();

        // the enrolling session is password-only: removal and regeneration need a step-up first
        assertStepUpRequired(server.client().delete("/api/auth/me/mfa/totp").bearer(access).send());
        assertStepUpRequired(server.client().post("/api/auth/me/mfa/recovery-codes").bearer(access).send());

        CLOCK.advance(Duration.ofSeconds(30));
        JsonNode pair = mfa.signIn(email, password, secret);
        assertThat(server.client().delete("/api/auth/me/mfa/totp").bearer(pair.get("accessToken").asText()).send().status())
                .isEqualTo(204);
        ApiResponse status = server.client().get("/api/auth/me/mfa").bearer(pair.get("accessToken").asText()).send();
        assertThat(status.json().get("totp").get("enrolled").asBoolean()).isFalse();
        assertThat(status.json().get("recoveryCodesLeft").asInt()).isZero();
        assertThat(server.login(email, password).json().has("accessToken")).isTrue();
    }
}
