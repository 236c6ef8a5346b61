package dev.portalsuite.deploy.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * The only fake of the end-to-end test: Heimdal's {@code GET /customers?customerId=&pageSize=&pageNumber=} on
 * loopback, answering pages of {@code {items, totalCount, pageSize, pageNumber}} for one reseller account and one
 * API key (anything else is a 401).
 */
public final class FakeHeimdal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger requests = new AtomicInteger();

    public FakeHeimdal(String apiKey, String customerId, List<ObjectNode> customers) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.incrementAndGet();
                var url = request.getUrl();
                if (!("Bearer " + apiKey).equals(request.getHeaders().get("Authorization"))
                        || !url.encodedPath().equals("/customers") || !customerId.equals(url.queryParameter("customerId"))) {
                    return new MockResponse.Builder().code(401).body("{\"message\":\"unauthorized\"}").build();
                }
                int size = Integer.parseInt(url.queryParameter("pageSize"));
                int number = Integer.parseInt(url.queryParameter("pageNumber"));
                ObjectNode page = JSON.createObjectNode();
                ArrayNode items = page.putArray("items");
                customers.stream().skip((long) (number - 1) * size).limit(size).forEach(items::add);
                page.put("totalCount", customers.size()).put("pageSize", size).put("pageNumber", number);
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                        .body(page.toString()).build();
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode customer(String id, String name, String type, String parentId) {
        return JSON.createObjectNode().put("customerId", id).put("customerName", name).put("type", type).put("parentId", parentId);
    }

    public String baseUrl() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.close();
    }
}
