package dev.portalsuite.auth.invite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.shared.json.Json;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * auth-service asks portal-service about organisations over pooled HTTP connections. portal-service closes a
 * connection it has kept idle (Jetty's idle timeout), so a lookup must not fail because its pooled connection
 * was closed meanwhile: the invite would answer 503 although portal-service is up.
 */
class PortalOrgDirectoryIT {
    private final MockWebServer portal = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        portal.start();
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    @Test
    void aConnectionThePortalClosedIsReplacedNotReportedAsAnOutage() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        // the first answer keeps the connection open as far as the client knows, then the server drops it
        portal.enqueue(org(first).onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE).build());
        portal.enqueue(org(second).build());
        PortalOrgDirectory directory = new PortalOrgDirectory(AuthApp.Deps.newHttpClient(), Json.newObjectMapper(),
                portal.url("/").uri());

        assertThat(directory.find(first, "token-1")).hasValueSatisfying(o -> assertThat(o.id()).isEqualTo(first));
        assertThat(directory.find(second, "token-2")).hasValueSatisfying(o -> assertThat(o.id()).isEqualTo(second));

        RecordedRequest one = portal.takeRequest();
        RecordedRequest two = portal.takeRequest();
        assertThat(one.getUrl().encodedPath()).isEqualTo("/api/portal/orgs/" + first);
        assertThat(two.getUrl().encodedPath()).isEqualTo("/api/portal/orgs/" + second);
        assertThat(two.getHeaders().get("Authorization")).isEqualTo("Bearer token-2");
        assertThat(two.getConnectionIndex()).as("the second lookup went over a new connection").isEqualTo(1);
    }

    private static MockResponse.Builder org(UUID id) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"id\":\"" + id + "\",\"type\":\"MSP\",\"name\":\"Contoso\",\"parentId\":null,\"status\":\"ACTIVE\"}");
    }
}
