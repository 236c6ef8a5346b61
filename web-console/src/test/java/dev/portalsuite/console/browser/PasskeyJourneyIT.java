package dev.portalsuite.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.console.ConsoleSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Passkeys in a real browser: Chrome's virtual authenticator (a platform authenticator with user verification and
 * discoverable credentials) registers a passkey on the security page, answers the second sign-in step and signs in
 * without a password. Every new page is checked with axe-core. WebAuthn needs a domain, not an IP address, as its
 * relying party: the browser uses {@code http://localhost} (a secure context) and auth-service is told so.
 */
class PasskeyJourneyIT {
    private static final String EMAIL = "passkey@test.dev";
    private static ConsoleSuite suite;
    private static int port;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        port = freePort();
        String origin = "http://localhost:" + port;
        suite = ConsoleSuite.start(Map.of("CONSOLE_PORT", Integer.toString(port)),
                Map.of("CONSOLE_BASE_URL", origin, "WEBAUTHN_RP_ID", "localhost", "WEBAUTHN_ORIGINS", origin,
                        "STEP_UP_REQUIRED", "true"));
        suite.call("POST", suite.authUrl() + "/api/auth/register", null,
                Map.of("email", EMAIL, "password", ConsoleSuite.PASSWORD, "fullName", "Pat Passkey"), 201);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void a_passkey_is_registered_then_answers_the_second_step_and_signs_in_without_a_password() {
        try (Browser browser = Browser.open("http://localhost:" + port, "passkeys", true)) {
            VirtualAuthenticator authenticator = ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(
                    new VirtualAuthenticatorOptions()
                            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                            .setHasResidentKey(true)
                            .setHasUserVerification(true)
                            .setIsUserVerified(true)
                            .setIsUserConsenting(true));

            browser.go("/login");
            browser.awaitHeading("Sign in");
            browser.waitFor("form[action='/login/passkey']:not([hidden])");
            browser.check("01-sign-in-with-passkey-button");

            browser.clickLink("Forgot password?");
            browser.awaitHeading("Forgot your password?");
            browser.check("02-forgot-password");

            browser.go("/login");
            browser.type("#email", EMAIL);
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("form[action='/login'] button[type=submit]");
            browser.awaitText("Sign out");

            browser.go("/account/security");
            browser.awaitHeading("Security");
            browser.waitFor("form[action='/account/security/passkeys']:not([hidden])");
            browser.check("03-security");

            browser.type("form[action='/account/security/passkeys'] #name", "Test laptop");
            browser.click("form[action='/account/security/passkeys'] button[type=submit]");
            browser.awaitText("The passkey has been registered.");
            assertThat(browser.text()).contains("Test laptop");
            assertThat(authenticator.getCredentials()).hasSize(1);
            assertThat(authenticator.getCredentials().get(0).isResidentCredential()).isTrue();
            browser.check("04-passkey-registered");

            // a step-up page offers the passkey too
            browser.go("/step-up?return=%2Faccount%2Fsecurity");
            browser.awaitHeading("Confirm it's you");
            browser.waitFor("form[action='/step-up'][data-passkey-options]:not([hidden])");
            browser.check("05-step-up");
            browser.click("form[action='/step-up'][data-passkey-options] button");
            browser.awaitText("Submit the form again to finish");

            browser.click("form.signout button");
            browser.awaitHeading("Sign in");

            // password, then the passkey as the second step
            browser.type("#email", EMAIL);
            browser.type("#password", ConsoleSuite.PASSWORD);
            browser.click("form[action='/login'] button[type=submit]");
            browser.awaitHeading("Second sign-in step");
            browser.waitFor("form[action='/login/mfa'][data-passkey-options]:not([hidden])");
            browser.check("06-second-step");
            browser.click("form[action='/login/mfa'][data-passkey-options] button");
            browser.awaitText("Sign out");
            assertThat(browser.path()).isEqualTo("/");

            browser.click("form.signout button");
            browser.awaitHeading("Sign in");

            // passwordless: the discoverable passkey names the account
            browser.waitFor("form[action='/login/passkey']:not([hidden])");
            browser.click("form[action='/login/passkey'] button");
            browser.awaitText("Sign out");
            assertThat(browser.text()).contains("Pat Passkey");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
