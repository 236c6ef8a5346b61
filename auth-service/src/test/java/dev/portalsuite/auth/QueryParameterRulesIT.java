package dev.portalsuite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.QueryParameterCases;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query parameter that openapi.yaml declares, on every GET operation: one valid value is accepted; an empty
 * value, a repeated parameter and an out-of-range or malformed value are each a 400 naming the parameter.
 */
class QueryParameterRulesIT {
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String token;

    @BeforeAll
    static void start() {
        token = server.adminToken();
    }

    static Stream<QueryParameterCases.Case> cases() {
        return QueryParameterCases.of(AuthApp.OPENAPI);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void emptyRepeatedAndInvalidValuesAre400NamingTheParameter(QueryParameterCases.Case rule) {
        ApiResponse response = rule.send(server.client(), token);
        if (rule.expect400()) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.isProblem()).isTrue();
            assertThat(response.errorFields()).as(response.toString()).containsExactly(rule.parameter());
        } else {
            assertThat(response.status()).as(response.toString()).isNotEqualTo(400).isLessThan(500);
        }
    }
}
