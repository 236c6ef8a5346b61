package dev.portalsuite.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TableDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fuzzer's find: creating a service client without {@code scopes} (or with null) is a 400 naming it, as PATCH is. */
class ServiceClientScopesRequiredIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String admin;

    @BeforeAll
    static void start() {
        admin = server.adminToken();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"clientId\":\"no-scopes\"}", "{\"clientId\":\"null-scopes\",\"scopes\":null}"})
    void scopesMissingOrNullIs400NamingScopesAndCreatesNothing(String body) {
        var before = TableDigest.of(server.jdbi(), List.of("service_clients", "audit_events"));
        ApiResponse response = server.client().post("/api/auth/admin/service-clients").bearer(admin).json(body)
                .invalidRequest().send();
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.errorFields()).containsExactly("scopes");
        assertThat(TableDigest.of(server.jdbi(), List.of("service_clients", "audit_events"))).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"portal:ingest\"]"})
    void anExplicitListStillCreates(String scopes) {
        String clientId = "listed-" + scopes.length();
        ApiResponse created = server.client().post("/api/auth/admin/service-clients").bearer(admin)
                .json("{\"clientId\":\"" + clientId + "\",\"scopes\":" + scopes + "}").send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }
}
