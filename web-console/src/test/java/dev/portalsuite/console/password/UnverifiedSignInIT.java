package dev.portalsuite.console.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code REQUIRE_VERIFIED_EMAIL}: the sign-in page explains auth-service's 403 the way a person needs it. */
class UnverifiedSignInIT {
    private static ConsoleSuite suite;

    @BeforeAll
    static void start() {
        suite = ConsoleSuite.start(Map.of(), Map.of("REQUIRE_VERIFIED_EMAIL", "true"));
    }

    @AfterAll
    static void stop() {
        suite.close();
    }

    @Test
    void an_unverified_account_is_told_to_open_the_verification_link_and_gets_no_session() {
        String email = "unverified@test.dev";
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", email, "password", ConsoleSuite.PASSWORD, "fullName", "Una Verified"), 201);
        WebClient web = new WebClient(suite.url());
        WebClient.Page refused = web.signIn(email, ConsoleSuite.PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Your email address is not verified yet").contains("verification link")
                .contains("value=\"" + email + "\"");
        assertThat(web.cookie("console_session")).isNull();
    }
}
