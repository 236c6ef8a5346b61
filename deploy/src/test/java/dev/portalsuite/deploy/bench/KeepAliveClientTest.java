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

    @Test
    void aKeptAliveConnectionClosedWhileIdleIsReopenedAndTheRequestSentOnce() throws Exception {
        // answers one request per connection, then closes without saying so (as an idle timeout does)
        try (RawServer raw = new RawServer((connection, request, out) -> {
            out.write(answer("{\"connection\":" + connection + "}"));
            return false;
        }); KeepAliveClient client = new KeepAliveClient(raw.uri())) {
            assertThat(client.postJson("/login", "{}").body()).isEqualTo("{\"connection\":1}");
            assertThat(client.postJson("/login", "{}").body()).isEqualTo("{\"connection\":2}");
            assertThat(raw.requests()).as("each request handled once").isEqualTo(2);
        }
    }

    @Test
    void anAnswerCutShortIsThrownNotSentAgain() throws Exception {
        // the first connection's second answer stops half-way; any other request is answered in full
        try (RawServer raw = new RawServer((connection, request, out) -> {
            if (connection == 1 && request == 2) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"half\":".getBytes(StandardCharsets.US_ASCII));
                return false;
            }
            out.write(answer("{}"));
            return true;
        }); KeepAliveClient client = new KeepAliveClient(raw.uri())) {
            assertThat(client.postJson("/login", "{}").status()).isEqualTo(200);
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.postJson("/login", "{}")))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("ended after");
            assertThat(raw.requests()).as("not sent again").isEqualTo(2);
            assertThat(client.postJson("/login", "{}").status()).as("a new connection afterwards").isEqualTo(200);
            assertThat(raw.connections()).isEqualTo(2);
        }
    }

    private static byte[] answer(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + json).getBytes(StandardCharsets.UTF_8);
    }

    /** How a {@link RawServer} answers request {@code request} (1-based) of connection {@code connection}. */
    private interface Behaviour {
        /** Writes the answer; true to keep the connection for another request. */
        boolean answer(int connection, int request, java.io.OutputStream out) throws java.io.IOException;
    }

    /** An HTTP/1.1 server on a plain socket, for what Jetty will not do on demand (closing mid-answer). */
    private static final class RawServer implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        RawServer(Behaviour behaviour) throws java.io.IOException {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket connection = socket.accept()) {
                        int index = connections.incrementAndGet();
                        var in = new java.io.BufferedInputStream(connection.getInputStream());
                        var out = connection.getOutputStream();
                        for (int request = 1; readRequest(in); request++) {
                            requests.incrementAndGet();
                            boolean keep = behaviour.answer(index, request, out);
                            out.flush();
                            if (!keep) {
                                break;
                            }
                        }
                    } catch (java.io.IOException e) {
                        // the client went away, or the server is closing
                    }
                }
            }, "raw-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Reads one request (headers and a Content-Length body); false at the end of the connection. */
        private static boolean readRequest(java.io.InputStream in) throws java.io.IOException {
            StringBuilder headers = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                headers.append((char) b);
                if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                    var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
                    in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
                    return true;
                }
            }
            return false;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        int requests() {
            return requests.get();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }
}
