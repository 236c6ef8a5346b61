package dev.portalsuite.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The login load generator's HTTP client against Javalin's Jetty, the server the suite runs on. */
class KeepAliveClientTest {
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private Javalin server;
    private URI base;

    @BeforeEach
    void start() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> clientPorts.add(ctx.req().getRemotePort()));
            config.routes.post("/echo", ctx -> ctx.contentType("application/json").result(ctx.body()));
            config.routes.post("/busy", ctx -> ctx.status(503).header("Retry-After", "2")
                    .contentType("application/problem+json").result("{\"status\":503}"));
            // no length known in advance: Jetty sends it chunked
            config.routes.post("/streamed", ctx -> ctx.contentType("application/json")
                    .result(new ByteArrayInputStream("{\"streamed\":true}".getBytes(StandardCharsets.UTF_8))));
            config.routes.post("/closing", ctx -> ctx.header("Connection", "close").result("bye"));
        }).start("127.0.0.1", 0);
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void answersKeepOneConnection() throws Exception {
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            for (int i = 0; i < 5; i++) {
                KeepAliveClient.Answer answer = client.postJson("/echo", "{\"n\":" + i + ",\"name\":\"Zoë\"}");
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("{\"n\":" + i + ",\"name\":\"Zoë\"}");
                assertThat(answer.retryAfter()).isNull();
            }
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void aRefusalCarriesItsRetryAfter() throws Exception {
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            KeepAliveClient.Answer answer = client.postJson("/busy", "{}");
            assertThat(answer).isEqualTo(new KeepAliveClient.Answer(503, "2", "{\"status\":503}"));
            assertThat(client.postJson("/echo", "{}").status()).as("the next request, same connection").isEqualTo(200);
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void aChunkedBodyIsReadWhole() throws Exception {
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            assertThat(client.postJson("/streamed", "{}").body()).isEqualTo("{\"streamed\":true}");
            assertThat(client.postJson("/echo", "[1]").body()).isEqualTo("[1]");
        }
        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void aConnectionTheServerClosesIsOpenedAgain() throws Exception {
        try (KeepAliveClient client = new KeepAliveClient(base)) {
            assertThat(client.postJson("/closing", "{}").body()).isEqualTo("bye");
            assertThat(client.postJson("/echo", "{\"again\":1}").body()).isEqualTo("{\"again\":1}");
        }
        assertThat(clientPorts).hasSize(2);
    }
}
