package dev.portalsuite.freshness.qr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.common.BitMatrix;
import dev.portalsuite.freshness.FreshnessUnderTest;
import dev.portalsuite.shared.testing.ApiResponse;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The QR images decode, with ZXing's reader, to exactly the batch's public URL. */
class QrCodeIT {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    private static final LocalDate TODAY = LocalDate.parse("2026-05-04");

    @RegisterExtension
    static final FreshnessUnderTest server = new FreshnessUnderTest(Instant.parse("2026-05-04T09:00:00Z"));
    private static String token;
    private static JsonNode batch;
    private static String publicUrl;

    @BeforeAll
    static void start() {
        token = server.inventory(UUID.randomUUID());
        batch = server.createBatch(token, "Ribeye", "QR-1", TODAY);
        publicUrl = FreshnessUnderTest.PUBLIC_BASE_URL + "/b/" + batch.get("publicCode").asText();
        assertThat(batch.get("publicUrl").asText()).isEqualTo(publicUrl);
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {64, 100, 512, 2048})
    void pngDecodesToThePublicUrl(int size) throws Exception {
        String path = "/api/freshness/batches/" + batch.get("id").asText() + "/qr.png";
        ApiResponse contract = server.client().get(path).bearer(token).query("size", size).send();
        assertThat(contract.status()).isEqualTo(200);
        assertThat(contract.contentType()).isEqualTo("image/png");
        assertThat(contract.header("Cache-Control")).isEqualTo("private, max-age=86400");
        assertThat(contract.header("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");

        BufferedImage image = QrImages.readPng(bytes(path + "?size=" + size));
        assertThat(image.getWidth()).isEqualTo(size);
        assertThat(image.getHeight()).isEqualTo(size);
        assertThat(QrImages.decode(image)).isEqualTo(publicUrl);
    }

    @Test
    void pngDefaultsTo512Pixels() throws Exception {
        BufferedImage image = QrImages.readPng(bytes("/api/freshness/batches/" + batch.get("id").asText() + "/qr.png"));
        assertThat(image.getWidth()).isEqualTo(512);
        assertThat(QrImages.decode(image)).isEqualTo(publicUrl);
    }

    @Test
    void svgIsOnePathOfTheRightModulesAndDecodesToThePublicUrl() throws Exception {
        ApiResponse response = server.client().get("/api/freshness/batches/" + batch.get("id").asText() + "/qr.svg")
                .bearer(token).send();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("image/svg+xml");
        String svg = response.body();
        assertThat(svg).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"", "shape-rendering=\"crispEdges\"",
                "<title>QR code for " + publicUrl + "</title>");
        assertThat(svg.split("<path", -1)).hasSize(2);

        BitMatrix drawn = QrImages.modulesOf(svg);
        BitMatrix expected = new QrCodes().matrix(publicUrl);
        assertThat(drawn).isEqualTo(expected);
        // a quiet zone of four light modules on every side
        for (int i = 0; i < drawn.getWidth(); i++) {
            for (int q = 0; q < QrCodes.QUIET_ZONE; q++) {
                assertThat(drawn.get(i, q) || drawn.get(q, i) || drawn.get(i, drawn.getHeight() - 1 - q)
                        || drawn.get(drawn.getWidth() - 1 - q, i)).isFalse();
            }
        }
        assertThat(QrImages.decode(QrImages.render(drawn, 4))).isEqualTo(publicUrl);
    }

    @Test
    void imagesRevalidateWithTheirEtag() {
        for (String format : new String[] {"qr.svg", "qr.png"}) {
            String path = "/api/freshness/batches/" + batch.get("id").asText() + "/" + format;
            ApiResponse first = server.client().get(path).bearer(token).send();
            String etag = first.header("ETag");
            assertThat(etag).isNotBlank();
            ApiResponse again = server.client().get(path).bearer(token).header("If-None-Match", etag).send();
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(etag);
            ApiResponse stale = server.client().get(path).bearer(token).header("If-None-Match", "\"something-else\"").send();
            assertThat(stale.status()).isEqualTo(200);
        }
        // the PNG's tag depends on its size
        String png = "/api/freshness/batches/" + batch.get("id").asText() + "/qr.png";
        assertThat(server.client().get(png).bearer(token).query("size", 256).send().header("ETag"))
                .isNotEqualTo(server.client().get(png).bearer(token).query("size", 257).send().header("ETag"));
    }

    @Test
    void aLongPublicBaseUrlStillDecodes() throws Exception {
        String base = "https://a-very-long-public-host-name-for-a-butcher.example.test/shops/north-branch/freshness";
        try (FreshnessUnderTest longServer = new FreshnessUnderTest(Instant.parse("2026-05-04T09:00:00Z")).with("PUBLIC_BASE_URL", base + "/").start()) {
            String inventory = longServer.inventory(UUID.randomUUID());
            JsonNode created = longServer.createBatch(inventory, "Brisket", "LONG-1", TODAY);
            String url = base + "/b/" + created.get("publicCode").asText();
            assertThat(created.get("publicUrl").asText()).isEqualTo(url);
            String path = "/api/freshness/batches/" + created.get("id").asText() + "/qr.png?size=64";
            BufferedImage image = QrImages.readPng(bytes(longServer, inventory, path));
            assertThat(QrImages.decode(image)).isEqualTo(url);
            String svg = longServer.client().get("/api/freshness/batches/" + created.get("id").asText() + "/qr.svg")
                    .bearer(inventory).send().body();
            assertThat(QrImages.decode(QrImages.render(QrImages.modulesOf(svg), 3))).isEqualTo(url);
        }
    }

    private static byte[] bytes(String path) throws Exception {
        return bytes(server, token, path);
    }

    private static byte[] bytes(FreshnessUnderTest target, String bearer, String path) throws Exception {
        Request request = new Request.Builder().url(target.url() + path).header("Authorization", "Bearer " + bearer).build();
        try (Response response = HTTP.newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            return response.body().bytes();
        }
    }
}
