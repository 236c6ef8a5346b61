package dev.portalsuite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app and a frontend do in the MFA tests: enrol and confirm an authenticator, compute its codes
 * (java-otp, independently of the server's own code path), and take the second step of a sign-in.
 */
final class MfaClient {
    private final AuthUnderTest server;
    private final Clock clock;

    MfaClient(AuthUnderTest server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    /** An authenticator set up for a user: its base32 secret and the recovery codes shown at confirmation. */
    record Enrolled(String secret, List<String> recoveryCodes) {
    }

    Enrolled enrolTotp(String accessToken) {
        ApiResponse started = server.client().post("/api/auth/me/mfa/totp").bearer(accessToken).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String secret = started.json().get("secret").asText();
        ApiResponse confirmed = confirm(accessToken, code(secret, clock.instant()));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        confirmed.json().get("recoveryCodes").forEach(c -> codes.add(c.asText()));
        return new Enrolled(secret, codes);
    }

    ApiResponse confirm(String accessToken, String code) {
        return server.client().post("/api/auth/me/mfa/totp/confirm").bearer(accessToken)
                .json("{\"code\":\"" + code + "\"}").send();
    }

    /** The first step: password. Returns the mfaToken (asserting that a second step is required). */
    String passwordStep(String email, String password) {
        ApiResponse response = server.login(email, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("mfaRequired").asBoolean()).isTrue();
        assertThat(response.json().has("accessToken")).isFalse();
        return response.json().get("mfaToken").asText();
    }

    ApiResponse secondStep(String mfaToken, String method, String code) {
        return server.client().post("/api/auth/login/mfa")
                .json("{\"mfaToken\":\"" + mfaToken + "\",\"method\":\"" + method + "\",\"code\":\"" + code + "\"}").send();
    }

    ApiResponse stepUp(String accessToken, String method, String code) {
        return server.client().post("/api/auth/step-up").bearer(accessToken)
                .json("{\"method\":\"" + method + "\",\"code\":\"" + code + "\"}").send();
    }

    /** Signs in with password and authenticator code; returns the token pair. */
    JsonNode signIn(String email, String password, String secret) {
        ApiResponse response = secondStep(passwordStep(email, password), "totp", code(secret, clock.instant()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** The authenticator's code at {@code at}. */
    static String code(String base32Secret, Instant at) {
        try {
            var generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6, "HmacSHA1");
            return generator.generateOneTimePasswordString(new SecretKeySpec(base32Decode(base32Secret), "HmacSHA1"), at,
                    java.util.Locale.ROOT);
        } catch (java.security.InvalidKeyException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
