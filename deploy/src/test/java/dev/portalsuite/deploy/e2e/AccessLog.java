package dev.portalsuite.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nginx's JSON access log (the local template's {@code portal_json} format): which instance answered each request
 * ({@code upstream}, several addresses when nginx retried), or nobody (nginx answered itself), and whether the
 * edge rate limit rejected it.
 */
public final class AccessLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    /** One request as nginx logged it. */
    public record Line(String requestId, String remoteAddr, String method, String uri, int status, List<String> upstreams,
                       List<String> upstreamStatuses, String cache, String limit) {
        /** The instance that produced the response; null when nginx answered itself. */
        public String answeredBy() {
            return upstreams.isEmpty() ? null : upstreams.get(upstreams.size() - 1);
        }

        public boolean retried() {
            return upstreams.size() > 1;
        }

        public boolean answeredByEdge() {
            return upstreams.isEmpty();
        }
    }

    public AccessLog(Path file) {
        this.file = file;
    }

    public List<Line> lines() {
        try {
            List<Line> lines = new ArrayList<>();
            for (String text : Files.readAllLines(file)) {
                if (!text.isBlank()) {
                    lines.add(parse(JSON.readTree(text)));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The log lines of these request ids, in the order given, waiting briefly for the last ones (nginx writes a
     * line after it sent the response). Fails when an id is missing or logged twice.
     */
    public List<Line> await(Collection<String> requestIds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Map<String, List<Line>> byId = new LinkedHashMap<>();
            for (Line line : lines()) {
                byId.computeIfAbsent(line.requestId(), id -> new ArrayList<>()).add(line);
            }
            List<String> missing = requestIds.stream().filter(id -> !byId.containsKey(id)).toList();
            if (missing.isEmpty()) {
                List<Line> found = new ArrayList<>();
                for (String id : requestIds) {
                    List<Line> matches = byId.get(id);
                    if (matches.size() != 1) {
                        throw new AssertionError("request " + id + " logged " + matches.size() + " times: " + matches);
                    }
                    found.add(matches.get(0));
                }
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nginx never logged requests " + missing);
            }
            sleep();
        }
    }

    public Line await(String requestId) {
        return await(List.of(requestId)).get(0);
    }

    private static Line parse(JsonNode node) {
        return new Line(node.path("requestId").asText(), node.path("remoteAddr").asText(), node.path("method").asText(),
                node.path("uri").asText(), node.path("status").asInt(), split(node.path("upstream").asText()),
                split(node.path("upstreamStatus").asText()), node.path("cache").asText(), node.path("limit").asText());
    }

    /** nginx separates the attempts of one request with ", " (and upstream groups with " : "). */
    private static List<String> split(String value) {
        if (value.isBlank() || value.equals("-")) {
            return List.of();
        }
        return Arrays.stream(value.split("\\s*[,:]\\s+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
