package dev.portalsuite.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Access tokens say how and when the person signed in (amr, auth_time), and a refresh keeps both. */
class AuthenticationClaimsIT {
    private static final Instant START = Instant.parse("2026-12-02T08:00:00Z");
    private static final TestClock CLOCK = TestClock.ticking(START);
    private static AuthUnderTest server;

    @BeforeAll
    static void start() {
        server = new AuthUnderTest().with(Map.of()).clock(CLOCK).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void passwordSignInSaysPwdAndARefreshKeepsTheOriginalAuthTime() {
        JsonNode registered = server.newUser("claims@example.com");
        DecodedJWT atRegistration = JWT.decode(registered.get("accessToken").asText());
        assertThat(atRegistration.getClaim("amr").asList(String.class)).containsExactly("pwd");

        ApiResponse login = server.login("claims@example.com", "Correct-Horse-" + "claims@example.com".hashCode());
        assertThat(login.status()).isEqualTo(200);
        DecodedJWT signedIn = JWT.decode(login.json().get("accessToken").asText());
        assertThat(signedIn.getClaim("amr").asList(String.class)).containsExactly("pwd");
        long authTime = signedIn.getClaim("auth_time").asLong();
        assertThat(Instant.ofEpochSecond(authTime)).isBetween(START.minusSeconds(1), CLOCK.instant());

        CLOCK.advance(Duration.ofMinutes(40));
        ApiResponse refreshed = server.refresh(login.json().get("refreshToken").asText());
        assertThat(refreshed.status()).isEqualTo(200);
        DecodedJWT later = JWT.decode(refreshed.json().get("accessToken").asText());
        assertThat(later.getClaim("amr").asList(String.class)).containsExactly("pwd");
        assertThat(later.getClaim("auth_time").asLong()).isEqualTo(authTime);
        assertThat(later.getIssuedAtAsInstant()).isAfter(Instant.ofEpochSecond(authTime).plus(Duration.ofMinutes(39)));
        assertThat(later.getClaim("scope").isMissing()).isTrue();
    }
}
