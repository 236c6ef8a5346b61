package dev.portalsuite.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Reads an instance's own {@code /metrics} (Prometheus text) on its own port: how many requests it served. */
public final class Metrics {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern COUNT = Pattern.compile("^http_server_requests_seconds_count\\{([^}]*)} ([0-9.Ee+-]+)$",
            Pattern.MULTILINE);
    private static final Pattern ROUTE = Pattern.compile("route=\"([^\"]*)\"");

    private Metrics() {
    }

    /** Requests the instance served on routes starting with {@code routePrefix} (health and metrics scrapes excluded). */
    public static long requests(Cluster.Instance instance, String routePrefix) {
        long total = 0;
        Matcher matcher = COUNT.matcher(scrape(instance));
        while (matcher.find()) {
            Matcher route = ROUTE.matcher(matcher.group(1));
            if (route.find() && route.group(1).startsWith(routePrefix) && !route.group(1).startsWith("/health")
                    && !route.group(1).equals("/metrics")) {
                total += (long) Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }

    static String scrape(Cluster.Instance instance) {
        try (Response response = HTTP.newCall(new Request.Builder().url("http://" + instance.address() + "/metrics").build())
                .execute()) {
            if (response.code() != 200) {
                throw new AssertionError(instance + " /metrics answered " + response.code());
            }
            return response.body().string();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + instance, e);
        }
    }
}
