package dev.portalsuite.sync.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.shared.testing.TestPostgres;
import dev.portalsuite.sync.testing.FakeHeimdal;
import dev.portalsuite.sync.testing.Suite;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * End-to-end benchmark: N customers (default 100,000) served by a fake Heimdal on loopback in pages of 1,000,
 * synced by the job (run in a child JVM with a small heap, through {@link JobProbe}) into a fresh portal
 * (real auth-service and portal-service on a fresh PostgreSQL database). Runs the sync twice: the first run
 * inserts everything, the second finds everything unchanged. Reports rows/s and the child's peak heap.
 *
 * <p>{@code bench/run.sh [customers] [Xmx]} builds and runs it.
 */
public final class SyncBenchmark {
    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String xmx = args.length > 1 ? args[1] : "64m";
        String classpath = System.getProperty("bench.jobClasspath", System.getProperty("java.class.path"));

        try (Suite suite = Suite.start()) {
            UUID mssp = suite.createMssp("Benchmark MSSP");
            String apiKey = "hk_bench_" + UUID.randomUUID().toString().replace("-", "");
            try (FakeHeimdal heimdal = new FakeHeimdal(apiKey, "bench-mssp").serve(customers, SyncBenchmark::customer)) {
                Map<String, String> env = new HashMap<>(suite.jobEnv(heimdal, apiKey, "bench-mssp", mssp));
                env.put("HEIMDAL_PAGE_SIZE", "1000");
                env.put("HEIMDAL_READ_TIMEOUT", "PT60S");
                env.put("LOG_LEVEL", "WARN");
                System.out.printf(Locale.ROOT, "heimdal-sync benchmark: %,d customers, pages of 1,000, job heap -Xmx%s, PostgreSQL: %s%n",
                        customers, xmx, TestPostgres.describe());
                for (String label : List.of("first run (inserts)", "second run (all unchanged)")) {
                    Map<String, String> probe = runJob(classpath, xmx, env);
                    long read = Long.parseLong(probe.get("read"));
                    double seconds = Long.parseLong(probe.get("nanos")) / 1e9;
                    System.out.printf(Locale.ROOT,
                            "%-28s exit=%s read=%,d inserted=%s unchanged=%s in %.1f s = %,.0f rows/s; peak heap used %.1f MiB "
                                    + "(sampled), heap pool peaks %.1f MiB, max heap %.0f MiB, %s GCs (%s ms)%n",
                            label, probe.get("exit"), read, probe.get("inserted"), probe.get("unchanged"), seconds,
                            read / seconds, mib(probe.get("maxHeapUsed")), mib(probe.get("heapPoolPeaks")),
                            mib(probe.get("heapMax")), probe.get("gcs"), probe.get("gcMillis"));
                    if (!probe.get("exit").equals("0")) {
                        throw new IllegalStateException("the job failed: " + probe);
                    }
                }
                long orgs = suite.count(suite.portalDb(), "SELECT count(*) FROM orgs WHERE external_source = 'heimdal'");
                System.out.printf(Locale.ROOT, "portal now holds %,d heimdal organisations%n", orgs);
            }
        }
        System.exit(0);
    }

    private static double mib(String bytes) {
        return Long.parseLong(bytes) / (1024.0 * 1024.0);
    }

    /** One reseller per 20 customers; the rest are its corporate customers. */
    static ObjectNode customer(int i) {
        int reseller = i / 20;
        if (i % 20 == 0) {
            return FakeHeimdal.customer("b-r" + reseller, "Reseller " + reseller, "RESELLER", "bench-mssp");
        }
        return FakeHeimdal.customer("b-c" + i, "Customer " + i + " of reseller " + reseller, "CORP", "b-r" + reseller)
                .put("purchasedLicenses", i % 500).put("activeLicenses", i % 400).put("devices", i % 300);
    }

    private static Map<String, String> runJob(String classpath, String xmx, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-XX:+UseSerialGC", "-cp", classpath, JobProbe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        Map<String, String> probe = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("PROBE ")) {
                    for (String pair : line.substring(6).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        probe.put(kv[0], kv[1]);
                    }
                } else if (line.contains("\"level\":\"ERROR\"") || line.contains("\"level\":\"WARN\"")) {
                    System.out.println("  job: " + line);
                }
            }
        }
        process.waitFor();
        if (probe.isEmpty()) {
            throw new IllegalStateException("the job printed no PROBE line (exit " + process.exitValue() + ")");
        }
        return probe;
    }
}
