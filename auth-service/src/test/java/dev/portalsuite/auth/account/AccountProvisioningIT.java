package dev.portalsuite.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.Concurrently;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountProvisioningIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();

    @Test
    void createsAnAccountWithRolesAndOrganisationOnceAndNeverChangesIt() {
        UUID org = UUID.randomUUID();
        AccountProvisioning provisioning = server.app().provisioning();

        boolean created = provisioning.createIfMissing(new AccountProvisioning.Account(
                " MSP@Example.com ", "Seeded-Pass-1", "Max MSP", List.of("msp"), org, "MSP"));
        boolean again = provisioning.createIfMissing(new AccountProvisioning.Account(
                "msp@example.com", "Other-Pass-22", "Someone Else", List.of("admin"), null, null));

        assertThat(created).isTrue();
        assertThat(again).isFalse();
        ApiResponse login = server.login("msp@example.com", "Seeded-Pass-1");
        assertThat(login.status()).isEqualTo(200);
        DecodedJWT token = JWT.decode(login.json().get("accessToken").asText());
        assertThat(token.getClaim("roles").asList(String.class)).containsExactly("msp");
        assertThat(token.getClaim("org").asString()).isEqualTo(org.toString());
        assertThat(token.getClaim("orgType").asString()).isEqualTo("MSP");
        assertThat(login.json().get("user").get("fullName").asText()).isEqualTo("Max MSP");
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'user.provisioned' "
                + "AND email = 'msp@example.com'")).isEqualTo(1);
    }

    @Test
    void concurrentProvisioningOfOneEmailCreatesItOnce() throws Exception {
        AccountProvisioning provisioning = server.app().provisioning();
        AccountProvisioning.Account account = new AccountProvisioning.Account(
                "seeded-twice@example.com", "Seeded-Pass-1", "Seeded Twice", List.of("user"), null, null);

        List<Boolean> created = Concurrently.run(4, i -> provisioning.createIfMissing(account));

        assertThat(created).containsOnlyOnce(true);
        assertThat(server.count("SELECT count(*) FROM users WHERE email = 'seeded-twice@example.com'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'user.provisioned' "
                + "AND email = 'seeded-twice@example.com'")).isEqualTo(1);
    }

    @Test
    void refusesInvalidAccountsAndWritesNothing() {
        AccountProvisioning provisioning = server.app().provisioning();
        long users = server.count("SELECT count(*) FROM users");

        assertThatThrownBy(() -> provisioning.createIfMissing(new AccountProvisioning.Account(
                "weak@example.com", "password", "Weak", List.of("user"), null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provisioning.createIfMissing(new AccountProvisioning.Account(
                "wizard@example.com", "Fine-Pass-123", "Wizard", List.of("wizard"), null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provisioning.createIfMissing(new AccountProvisioning.Account(
                "half@example.com", "Fine-Pass-123", "Half", List.of("client"), UUID.randomUUID(), null)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(server.count("SELECT count(*) FROM users")).isEqualTo(users);
    }
}
