package dev.portalsuite.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.ops.Metrics;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.TestTokens;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Stopping an instance (SIGTERM, a rolling restart) lets the requests it is already serving finish, and refuses
 * new connections at once, so a proxy in front retries those on another instance.
 */
class GracefulStopIT {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(20))
            .retryOnConnectionFailure(false).build();

    @Test
    void aRequestInFlightFinishesWhileTheServerStops() throws Exception {
        TestTokens tokens = new TestTokens();
        CountDownLatch entered = new CountDownLatch(1);
        Javalin app = ServiceServer.forService("/api/demo")
                .objectMapper(Json.newObjectMapper())
                .metrics(new Metrics("graceful"))
                .accessControl(new AccessControl(TokenVerifier.withKeys(Map.of(tokens.key().kid(), tokens.key().publicKey()),
                        TestTokens.SETTINGS, Clock.systemUTC()), principal -> true))
                .openApi(ServiceServerIT.SPEC)
                .routes(r -> r.get("/api/demo/slow", ctx -> {
                    entered.countDown();
                    Thread.sleep(1_500);
                    ctx.json(Map.of("finished", true));
                }))
                .build();
        app.start("127.0.0.1", 0);
        String url = "http://127.0.0.1:" + app.port() + "/api/demo/slow";

        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> {
            try (Response response = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
                return response.code() + " " + response.body().string();
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(app::stop);

        assertThat(inFlight.get(15, TimeUnit.SECONDS)).isEqualTo("200 {\"finished\":true}");
        stopping.get(15, TimeUnit.SECONDS);
        assertThatThrownBy(() -> HTTP.newCall(new Request.Builder().url(url).build()).execute().close())
                .as("a stopped instance refuses connections").isInstanceOf(IOException.class);
    }
}
