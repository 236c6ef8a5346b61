package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.auth.oidc.FakeProvider;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.ProblemAssert;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Google sign-in of an account with a second factor takes the same second step; amr names the provider. */
class OidcSecondStepIT {
    private static FakeProvider provider;
    private static AuthUnderTest server;

    @BeforeAll
    static void start() {
        provider = new FakeProvider();
        server = new AuthUnderTest().with(provider.env(true)).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.close();
    }

    private static ApiResponse google(String sub, String email) {
        return server.client().post("/api/auth/oidc/google").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .json("{\"idToken\":\"" + provider.google(sub, email) + "\"}").send();
    }

    @Test
    void googleSignInOfAnAccountWithAFactorNeedsTheSecondStep() {
        ApiResponse first = google("g-mfa-1", "g-mfa@example.com");
        assertThat(first.status()).isEqualTo(200);
        assertThat(JWT.decode(first.json().get("accessToken").asText()).getClaim("amr").asList(String.class))
                .containsExactly("google");
        MfaClient.Enrolled enrolled = new MfaClient(server, Clock.systemUTC())
                .enrolTotp(first.json().get("accessToken").asText());

        ApiResponse challenged = google("g-mfa-1", "g-mfa@example.com");
        assertThat(challenged.status()).isEqualTo(200);
        assertThat(challenged.json().get("mfaRequired").asBoolean()).isTrue();
        assertThat(challenged.json().has("accessToken")).isFalse();

        MfaClient mfa = new MfaClient(server, Clock.systemUTC());
        String mfaToken = challenged.json().get("mfaToken").asText();
        ProblemAssert.assertCleanProblem(mfa.secondStep(mfaToken, "recovery", "aaaa-bbbb-cccc-dddd"), 401);
        ApiResponse done = mfa.secondStep(mfaToken, "recovery", enrolled.recoveryCodes().get(3));
        assertThat(done.status()).isEqualTo(200);
        assertThat(JWT.decode(done.json().get("accessToken").asText()).getClaim("amr").asList(String.class))
                .containsExactly("google", "otp", "mfa");
        assertThat(server.count("""
                SELECT count(*) FROM audit_events WHERE action = 'login.succeeded' AND details->>'provider' = 'google'
                AND details->>'secondFactor' = 'recovery'""")).isEqualTo(1);
    }
}
