package dev.portalsuite.console.bench;

import dev.portalsuite.console.ConsoleSuite;
import dev.portalsuite.console.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's overhead (a program, not a test): wrk measures the dashboard and the organisation list as pages,
 * then each API call those pages make, on the same suite in one run. A page's API cost is the sum of its calls'
 * costs (1 / rps each); the console should keep a page at or above half the rate its API calls alone allow.
 *
 * <p>Run with {@code web-console/bench/console-benchmark.sh [--seconds N]}. JVMs need about 10 s of load before
 * their figures settle, so every target is warmed up first.
 */
public final class ConsoleBenchmark {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    record Result(String name, double rps, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = 15;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--seconds")) {
                seconds = Integer.parseInt(args[i + 1]);
            }
        }
        try (ConsoleSuite suite = ConsoleSuite.start()) {
            WebClient browser = new WebClient(suite.url());
            browser.signInOk(ConsoleSuite.MSSP_EMAIL, ConsoleSuite.PASSWORD);
            String cookie = "Cookie: console_session=" + browser.cookie("console_session");
            String bearer = "Authorization: Bearer " + suite.token(ConsoleSuite.MSSP_EMAIL, ConsoleSuite.PASSWORD);
            String api = suite.portalUrl();

            // every target is warmed up before any is measured: the four JVMs share this process and these cores
            for (String url : List.of(suite.url() + "/", suite.url() + "/orgs")) {
                wrk(url, cookie, 10);
            }
            for (String url : List.of(api + "/api/portal/dashboard", api + "/api/portal/orgs?type=MSP&status=ACTIVE&limit=200",
                    api + "/api/portal/orgs?limit=25&offset=0&sort=name", api + "/api/portal/notifications/unread-count")) {
                wrk(url, bearer, 5);
            }
            Result dashboard = measure("page /", suite.url() + "/", cookie, seconds);
            List<Result> dashboardCalls = List.of(
                    measure("api dashboard", api + "/api/portal/dashboard", bearer, seconds),
                    measure("api orgs MSP", api + "/api/portal/orgs?type=MSP&status=ACTIVE&limit=200", bearer, seconds),
                    measure("api orgs CLIENT", api + "/api/portal/orgs?type=CLIENT&status=ACTIVE&limit=200", bearer, seconds),
                    measure("api unread-count", api + "/api/portal/notifications/unread-count", bearer, seconds));
            Result orgs = measure("page /orgs", suite.url() + "/orgs", cookie, seconds);
            List<Result> orgsCalls = List.of(
                    measure("api orgs page", api + "/api/portal/orgs?limit=25&offset=0&sort=name", bearer, seconds),
                    dashboardCalls.get(3));

            System.out.println();
            report(dashboard, dashboardCalls);
            report(orgs, orgsCalls);
        }
    }

    private static void report(Result page, List<Result> calls) {
        double apiCost = calls.stream().mapToDouble(r -> 1 / r.rps()).sum();
        double apiRps = 1 / apiCost;
        double ratio = page.rps() / apiRps;
        System.out.printf(Locale.ROOT, "%-16s %8.1f rps  p99 %7.1f ms%n", page.name(), page.rps(), page.p99Millis());
        calls.forEach(c -> System.out.printf(Locale.ROOT, "  %-16s %8.1f rps  p99 %7.1f ms%n", c.name(), c.rps(), c.p99Millis()));
        System.out.printf(Locale.ROOT, "  its API calls together: %.1f rps; page / API = %.2f (%s the 0.5 target)%n%n",
                apiRps, ratio, ratio >= 0.5 ? "meets" : "BELOW");
    }

    private static Result measure(String name, String url, String header, int seconds) throws IOException, InterruptedException {
        wrk(url, header, 3); // settle
        String out = wrk(url, header, seconds);
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + out);
        }
        double value = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException(name + " answered errors:\n" + out);
        }
        return new Result(name, Double.parseDouble(rps.group(1)), millis);
    }

    private static String wrk(String url, String header, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c8", "-d" + seconds + "s", "--latency", "-H", header, url));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
