package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ProblemAssert;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MFA_REQUIRED_ROLES: an admin without a second factor signs in to an mfa:enroll token good only for enrolment. */
class MfaRequiredRolesIT {
    // near real time: portal-service below checks token times against its own clock
    private static final TestClock CLOCK = TestClock.ticking(Instant.now());
    private static AuthUnderTest server;
    private static PortalUnderTest portal;
    private static MfaClient mfa;

    @BeforeAll
    static void start() {
        server = new AuthUnderTest().with(Map.of("MFA_REQUIRED_ROLES", "admin", "STEP_UP_REQUIRED", "true")).clock(CLOCK).start();
        portal = new PortalUnderTest().clock(CLOCK).verifyingTokensOf(server::url).start();
        mfa = new MfaClient(server, CLOCK);
    }

    @AfterAll
    static void stop() {
        portal.close();
        server.close();
    }

    @Test
    void anAdminWithoutAFactorMayOnlyEnrolUntilItIsConfirmed() {
        ApiResponse login = server.login(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        String restricted = login.json().get("accessToken").asText();
        DecodedJWT token = JWT.decode(restricted);
        assertThat(token.getClaim("scope").asString()).isEqualTo("mfa:enroll");
        assertThat(token.getClaim("amr").asList(String.class)).containsExactly("pwd");

        for (ApiResponse refused : new ApiResponse[] {
                server.client().get("/api/auth/me").bearer(restricted).send(),
                server.client().get("/api/auth/admin/users").bearer(restricted).send(),
                server.client().get("/api/auth/sessions").bearer(restricted).send(),
                server.client().post("/api/auth/logout-all").bearer(restricted).send(),
                server.client().post("/api/auth/step-up").bearer(restricted).json("{\"method\":\"totp\",\"code\":\"123456\"}").send(),
                server.client().post("/api/auth/me/mfa/recovery-codes").bearer(restricted).send()}) {
            ProblemAssert.assertCleanProblem(refused, 403);
        }
        // other services refuse it too (shared-lib's access control); portal's openapi.yaml does not list this 403 yet
        ProblemAssert.assertCleanProblem(portal.client().get("/api/portal/dashboard").bearer(restricted).outsideContract().send(), 403);

        // refreshing does not escape the restriction
        ApiResponse refreshed = server.refresh(login.json().get("refreshToken").asText());
        String stillRestricted = refreshed.json().get("accessToken").asText();
        assertThat(JWT.decode(stillRestricted).getClaim("scope").asString()).isEqualTo("mfa:enroll");
        ProblemAssert.assertCleanProblem(server.client().get("/api/auth/admin/users").bearer(stillRestricted).send(), 403);

        // the enrolment routes work
        assertThat(server.client().get("/api/auth/me/mfa").bearer(stillRestricted).send().status()).isEqualTo(200);
        String secret = mfa.enrolTotp(stillRestricted).secret();

        // confirmed: the session has proven both factors; its next refresh is unrestricted and multi-factor
        ApiResponse upgraded = server.refresh(refreshed.json().get("refreshToken").asText());
        DecodedJWT full = JWT.decode(upgraded.json().get("accessToken").asText());
        assertThat(full.getClaim("scope").isMissing()).isTrue();
        assertThat(full.getClaim("amr").asList(String.class)).containsExactly("pwd", "otp", "mfa");
        assertThat(server.client().get("/api/auth/admin/users").bearer(upgraded.json().get("accessToken").asText()).send().status())
                .isEqualTo(200);
        assertThat(portal.client().get("/api/portal/dashboard").bearer(upgraded.json().get("accessToken").asText()).send().status())
                .isEqualTo(200);

        // from now on the admin signs in with both factors
        CLOCK.advance(Duration.ofSeconds(30));
        String mfaToken = mfa.passwordStep(AuthUnderTest.ADMIN_EMAIL, AuthUnderTest.ADMIN_PASSWORD);
        ApiResponse second = mfa.secondStep(mfaToken, "totp", MfaClient.code(secret, CLOCK.instant()));
        assertThat(JWT.decode(second.json().get("accessToken").asText()).getClaim("scope").isMissing()).isTrue();
    }

    @Test
    void rolesOutsideThePolicySignInAsBefore() {
        String access = server.newUser("plain-user@example.com").get("accessToken").asText();
        assertThat(JWT.decode(access).getClaim("scope").isMissing()).isTrue();
        assertThat(server.client().get("/api/auth/me").bearer(access).send().status()).isEqualTo(200);
    }
}
