package dev.portalsuite.deploy.bench;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parts of {@code bench/run.sh} that wrk cannot do: the raw bcrypt rate (same library, same thread count as the
 * auth gate) and logins under overload with accepted and refused answers timed apart (refresh-token rotation is
 * wrk's, with {@code bench/refresh.lua}). Prints {@code key=value} lines for the script. The logins are sent with
 * {@link KeepAliveClient} (blocking keep-alive connections): the load generator shares the cores with the bcrypt
 * it measures.
 *
 * <pre>
 * bcrypt  THREADS COST WARMUP_S SECONDS
 * logins  AUTH_URL PASSWORD CONCURRENCY WARMUP_S SECONDS   (registers CONCURRENCY accounts first)
 * </pre>
 */
public final class SuiteBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SuiteBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "bcrypt" -> bcrypt(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "logins" -> logins(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    /** Verifies per second of {@code threads} threads, each verifying a cost-{@code cost} hash in a loop. */
    private static void bcrypt(int threads, int cost, int warmupSeconds, int seconds) throws Exception {
        String hash = BCrypt.withDefaults().hashToString(cost, "Correct-Horse-Battery-1".toCharArray());
        char[] password = "Correct-Horse-Battery-1".toCharArray();
        long count = runFor(threads, warmupSeconds, seconds, (measuring, done) -> {
            if (!BCrypt.verifyer().verify(password, hash).verified) {
                throw new IllegalStateException("bcrypt verify failed");
            }
            if (measuring) {
                done.incrementAndGet();
            }
        });
        System.out.printf(Locale.ROOT, "bcrypt_verifies_per_s=%.2f%n", count / (double) seconds);
    }

    /**
     * {@code concurrency} clients, each with an account of its own registered first (auth lets at most 5 attempts of
     * one email be in flight, so one shared account would measure that limit, not the gate). A client that gets a 503
     * waits its {@code Retry-After} before trying again, as a well-behaved client does; the offered rate (attempts per
     * second) is printed so the overload factor can be read against the raw bcrypt rate.
     */
    private static void logins(String authUrl, String password, int concurrency, int warmupSeconds,
                               int seconds) throws Exception {
        List<String> bodies = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < concurrency; i++) {
            String email = "bench-" + run + "-" + i + "@bench.dev";
            HttpResponse<String> registered = send(post(authUrl + "/api/auth/register", "{\"email\":\"" + email
                    + "\",\"password\":\"" + password + "\",\"fullName\":\"Bench " + i + "\"}", null));
            if (registered.statusCode() != 201) {
                throw new IllegalStateException("register answered " + registered.statusCode() + ": " + registered.body());
            }
            bodies.add("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        }
        ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> refused = new ConcurrentLinkedQueue<>();
        java.util.Map<Integer, AtomicLong> other = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong nextSlot = new AtomicLong();
        ThreadLocal<String> body = ThreadLocal.withInitial(() -> bodies.get((int) nextSlot.getAndIncrement()));
        AtomicLong attempts = new AtomicLong();
        URI auth = URI.create(authUrl);
        ThreadLocal<KeepAliveClient> client = ThreadLocal.withInitial(() -> new KeepAliveClient(auth));
        runFor(concurrency, warmupSeconds, seconds, (measuring, done) -> {
            long started = System.nanoTime();
            KeepAliveClient.Answer answer = client.get().postJson("/api/auth/login", body.get());
            long micros = (System.nanoTime() - started) / 1_000;
            if (answer.status() == 503) {
                // a well-behaved client: back off as told, or a second (the measured window still counts the refusal)
                try {
                    Thread.sleep((answer.retryAfter() == null ? 1 : Long.parseLong(answer.retryAfter())) * 1_000);
                } finally {
                    if (measuring) {
                        attempts.incrementAndGet();
                        if (answer.retryAfter() != null) {
                            refused.add(micros); // the gate's refusal
                        } else {
                            other.computeIfAbsent(503, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
                return;
            }
            if (!measuring) {
                return;
            }
            attempts.incrementAndGet();
            if (answer.status() == 200) {
                accepted.add(micros);
            } else {
                other.computeIfAbsent(answer.status(), k -> new AtomicLong()).incrementAndGet();
            }
        });
        System.out.printf(Locale.ROOT, "logins_accepted_per_s=%.2f%n", accepted.size() / (double) seconds);
        System.out.printf(Locale.ROOT, "logins_accepted_p50_ms=%.0f%nlogins_accepted_p99_ms=%.0f%n",
                percentile(accepted, 50), percentile(accepted, 99));
        System.out.printf(Locale.ROOT, "logins_503_per_s=%.2f%nlogins_503_p50_ms=%.1f%nlogins_503_p99_ms=%.1f%n",
                refused.size() / (double) seconds, percentile(refused, 50), percentile(refused, 99));
        System.out.printf(Locale.ROOT, "logins_offered_per_s=%.2f%n", attempts.get() / (double) seconds);
        System.out.printf(Locale.ROOT, "logins_other=%s%n", other.isEmpty() ? "none" : other.toString().replace(" ", ""));
        // this program shares the cores with the suite: what it took of them in the measured window
        long cpu = measuredCpuNanos.get();
        System.out.println("logins_loadgen_cpu_share=" + (cpu < 0 ? "n/a" : String.format(Locale.ROOT, "%.3f",
                cpu / (seconds * 1e9 * Runtime.getRuntime().availableProcessors()))));
    }

    /** This process's CPU time (all threads) during {@link #runFor}'s measured window. */
    private static final AtomicLong measuredCpuNanos = new AtomicLong();

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static HttpRequest post(String url, String json, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return b.build();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Step {
        void run(boolean measuring, AtomicLong done) throws Exception;
    }

    /** {@code threads} threads loop over {@code step}: a warm-up, then the measured seconds; the measured count. */
    private static long runFor(int threads, int warmupSeconds, int seconds, Step step) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong done = new AtomicLong();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        step.run(measuring.get(), done);
                    } catch (Throwable e) {
                        errors.add(e);
                        return;
                    }
                }
            }, "bench-" + t);
            worker.start();
            workers.add(worker);
        }
        Thread.sleep(warmupSeconds * 1_000L);
        long cpuBefore = processCpuNanos();
        measuring.set(true);
        Thread.sleep(seconds * 1_000L);
        measuring.set(false);
        long cpuAfter = processCpuNanos();
        measuredCpuNanos.set(cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore); // -1: not supported here
        long count = done.get();
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() + " worker(s) failed", errors.get(0));
        }
        return count;
    }

    private static double percentile(java.util.Collection<Long> micros, int p) {
        if (micros.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1_000.0;
    }
}
