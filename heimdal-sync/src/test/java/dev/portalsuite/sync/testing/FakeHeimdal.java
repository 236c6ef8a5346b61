package dev.portalsuite.sync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * A fake Heimdal API on loopback (a real HTTP server): {@code GET /customers?customerId=&pageSize=&pageNumber=}
 * with a Bearer API key, serving a customer list as a plain array or as {@code {items, totalCount}} pages.
 * Tests script failures per page (a queue of responses served before the normal one) and can hold a page
 * until they release it.
 */
public final class FakeHeimdal implements AutoCloseable {
    public enum Format { PLAIN_ARRAY, PAGED }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockWebServer server = new MockWebServer();
    private final String apiKey;
    private final String customerId;
    private volatile Format format = Format.PAGED;
    private volatile int total;
    private volatile IntFunction<ObjectNode> customers = i -> { throw new IllegalStateException("no customers"); };
    private volatile String itemsField = "items";
    private volatile String totalField = "totalCount";
    private volatile int maxPageSize = Integer.MAX_VALUE;
    private final Map<Integer, Deque<MockResponse>> scripted = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<Integer, CountDownLatch> reached = new ConcurrentHashMap<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private volatile Runnable onRequest = () -> { };

    /** One request as the fake saw it. */
    public record Served(int page, Integer pageSize, String customerId, String authorization, int status) {
    }

    public FakeHeimdal(String apiKey, String customerId) {
        this.apiKey = apiKey;
        this.customerId = customerId;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return handle(request);
            }
        });
        try {
            server.start(java.net.InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        String url = server.url("/").toString();
        return url.substring(0, url.length() - 1);
    }

    public FakeHeimdal serve(List<ObjectNode> list) {
        List<ObjectNode> copy = List.copyOf(list);
        this.total = copy.size();
        this.customers = copy::get;
        return this;
    }

    /** Customers generated on demand (the benchmark serves 100,000 without holding them). */
    public FakeHeimdal serve(int count, IntFunction<ObjectNode> generator) {
        this.total = count;
        this.customers = generator;
        return this;
    }

    public FakeHeimdal format(Format value) {
        this.format = value;
        return this;
    }

    /** Envelope field names, e.g. {@code Items}/{@code TotalCount}; a null total field leaves totalCount out. */
    public FakeHeimdal envelope(String items, String totalCount) {
        this.itemsField = items;
        this.totalField = totalCount;
        return this;
    }

    /** Pages hold at most this many customers, whatever {@code pageSize} asks for (as APIs with a hard cap do). */
    public FakeHeimdal maxPageSize(int value) {
        this.maxPageSize = value;
        return this;
    }

    /** The next request(s) for {@code page} get these responses, in order, before the normal one. */
    public FakeHeimdal script(int page, MockResponse... responses) {
        Deque<MockResponse> queue = scripted.computeIfAbsent(page, p -> new ArrayDeque<>());
        synchronized (queue) {
            for (MockResponse response : responses) {
                queue.addLast(response);
            }
        }
        return this;
    }

    /** Requests for {@code page} wait until {@link #release(int)}. */
    public FakeHeimdal hold(int page) {
        gates.put(page, new CountDownLatch(1));
        reached.put(page, new CountDownLatch(1));
        return this;
    }

    public void release(int page) {
        gates.get(page).countDown();
    }

    public boolean awaitReached(int page, long seconds) throws InterruptedException {
        return reached.get(page).await(seconds, TimeUnit.SECONDS);
    }

    public FakeHeimdal onRequest(Runnable action) {
        this.onRequest = action;
        return this;
    }

    public List<Served> served() {
        return List.copyOf(served);
    }

    public int requestCount() {
        return served.size();
    }

    private MockResponse handle(RecordedRequest request) throws InterruptedException {
        onRequest.run();
        HttpUrl url = request.getUrl();
        int page = parse(url.queryParameter("pageNumber"), 1);
        Integer pageSize = url.queryParameter("pageSize") == null ? null : parse(url.queryParameter("pageSize"), 0);
        String authorization = request.getHeaders().get("Authorization");
        MockResponse response = respond(request, page, pageSize, authorization);
        served.add(new Served(page, pageSize, url.queryParameter("customerId"), authorization, response.getCode()));
        return response;
    }

    private MockResponse respond(RecordedRequest request, int page, Integer pageSize, String authorization)
            throws InterruptedException {
        if (!request.getUrl().encodedPath().equals("/customers") || !"GET".equals(request.getMethod())) {
            return json(404, "{\"message\":\"Not found\"}");
        }
        if (!("Bearer " + apiKey).equals(authorization)) {
            return json(401, "{\"message\":\"Invalid API key\"}");
        }
        if (!customerId.equals(request.getUrl().queryParameter("customerId"))) {
            return json(403, "{\"message\":\"No access to this customer\"}");
        }
        CountDownLatch reachedLatch = reached.get(page);
        if (reachedLatch != null) {
            reachedLatch.countDown();
        }
        CountDownLatch gate = gates.get(page);
        if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
            return json(500, "{\"message\":\"gate never released\"}");
        }
        Deque<MockResponse> queue = scripted.get(page);
        if (queue != null) {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    return queue.pollFirst();
                }
            }
        }
        return json(200, body(page, Math.min(pageSize == null ? 50 : pageSize, maxPageSize)));
    }

    /** The normal body of a page (also used by tests to build a broken variant of it). */
    public String body(int page, int pageSize) {
        ArrayNode items = JSON.createArrayNode();
        if (format == Format.PLAIN_ARRAY) {
            for (int i = 0; i < total; i++) {
                items.add(customers.apply(i));
            }
            return items.toString();
        }
        int from = (int) Math.min((long) (page - 1) * pageSize, total);
        int to = (int) Math.min((long) page * pageSize, total);
        for (int i = from; i < to; i++) {
            items.add(customers.apply(i));
        }
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set(itemsField, items);
        if (totalField != null) {
            envelope.put(totalField, total);
        }
        envelope.put("pageSize", pageSize).put("pageNumber", page);
        return envelope.toString();
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        gates.values().forEach(CountDownLatch::countDown);
        server.close();
    }

    /** A realistic customer in Heimdal's assumed default spelling. */
    public static ObjectNode customer(String id, String name, String type, String parentId) {
        ObjectNode node = JSON.createObjectNode()
                .put("customerId", id)
                .put("customerName", name)
                .put("type", type);
        if (parentId != null) {
            node.put("parentId", parentId);
        }
        node.put("licenseType", type.equals("RESELLER") ? "MSP" : "Subscription")
                .put("splaLicense", false)
                .put("purchasedLicenses", 25)
                .put("activeLicenses", 20)
                .put("devices", 18)
                .put("country", "NZ")
                .put("createdAt", "2025-03-14T09:30:00Z");
        return node;
    }

    public static List<ObjectNode> resellersWithClients(String prefix, String msspCustomerId, int resellers, int clientsEach) {
        List<ObjectNode> list = new ArrayList<>();
        for (int r = 1; r <= resellers; r++) {
            String reseller = prefix + "-r" + r;
            list.add(customer(reseller, "Reseller " + prefix + " " + r, "RESELLER", msspCustomerId));
            for (int c = 1; c <= clientsEach; c++) {
                list.add(customer(reseller + "-c" + c, "Customer " + prefix + " " + r + "." + c, "CORP", reseller));
            }
        }
        return list;
    }
}
