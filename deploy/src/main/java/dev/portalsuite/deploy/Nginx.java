package dev.portalsuite.deploy;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local suite's nginx: finds the binary, renders {@code nginx-local.conf.template} for the suite's ports into
 * a prefix directory ({@code PORTAL_DATA_DIR/nginx}: configuration, pid, logs, temp files and the public-page
 * cache all live there), and runs {@code nginx -p <prefix> -c conf/nginx.conf -g 'daemon off;'} as a child
 * process that {@link #close()} stops. The end-to-end test renders and starts it through the same methods.
 */
public final class Nginx implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Nginx.class);
    static final String TEMPLATE = "/dev/portalsuite/deploy/nginx-local.conf.template";
    static final String CONF = "conf/nginx.conf";
    static final String PID = "logs/nginx.pid";
    static final String ACCESS_LOG = "logs/access.log";
    static final String ERROR_LOG = "logs/error.log";
    private static final String STDERR_LOG = "logs/nginx.stderr.log";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");
    /** Where package managers put nginx when it is not on PATH (sbin is often missing from a user's PATH). */
    private static final List<String> WELL_KNOWN = List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx",
            "/usr/local/bin/nginx", "/opt/homebrew/bin/nginx", "/usr/local/nginx/sbin/nginx");

    private final Process process;
    private final Path prefix;
    private final int port;
    /** Stops nginx when the JVM ends before {@link #close()} (SIGTERM or Ctrl+C while the suite is still starting). */
    private final Thread stopOnExit;

    private Nginx(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
        this.stopOnExit = new Thread(this::stopProcess, "nginx-stop");
    }

    /**
     * Loopback ports of the instances behind each upstream (the local suite has one each; the tests two). The web
     * console serves every page address ({@code /} and everything that is not an API, {@code /b/} or
     * {@code /.well-known/}).
     */
    public record Upstreams(List<Integer> auth, List<Integer> portal, List<Integer> freshness, List<Integer> console) {
        public Upstreams {
            auth = List.copyOf(auth);
            portal = List.copyOf(portal);
            freshness = List.copyOf(freshness);
            console = List.copyOf(console);
            if (auth.isEmpty() || portal.isEmpty() || freshness.isEmpty() || console.isEmpty()) {
                throw new IllegalArgumentException("every upstream needs at least one instance");
            }
        }

        public static Upstreams single(int auth, int portal, int freshness, int console) {
            return new Upstreams(List.of(auth), List.of(portal), List.of(freshness), List.of(console));
        }
    }

    /**
     * The nginx binary to run: {@code NGINX_BIN} when set ({@code off} for none), else {@code nginx} on
     * {@code PATH}, else the usual install locations ({@code /usr/sbin/nginx}, Homebrew's).
     */
    public static Optional<Path> locate(Env env) {
        Optional<String> configured = env.optional("NGINX_BIN");
        if (configured.isPresent()) {
            if (configured.get().equalsIgnoreCase("off")) {
                return Optional.empty();
            }
            Path binary = Path.of(configured.get());
            if (!Files.isExecutable(binary)) {
                throw new ConfigException("NGINX_BIN must be an executable nginx binary (or 'off'), got '" + binary + "'");
            }
            return Optional.of(binary);
        }
        List<Path> candidates = new ArrayList<>();
        for (String dir : env.string("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "nginx"));
            }
        }
        WELL_KNOWN.forEach(p -> candidates.add(Path.of(p)));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /**
     * The local configuration for nginx listening on {@code port} in front of {@code upstreams}. Paths in it are
     * relative to the prefix directory. When nginx's master runs as root its workers run as {@code workerUser}
     * (the owner of the prefix directory, so they can write its temp and cache directories); otherwise nginx
     * keeps the caller's user and no {@code user} line is written.
     */
    public static String render(int port, Upstreams upstreams, Optional<String> workerUser) {
        Map<String, String> values = Map.of(
                "PORT", Integer.toString(port),
                "USER", workerUser.map(u -> "user " + u + ";").orElse("# not started as root: nginx keeps the caller's user"),
                "AUTH_SERVERS", servers(upstreams.auth()),
                "PORTAL_SERVERS", servers(upstreams.portal()),
                "FRESHNESS_SERVERS", servers(upstreams.freshness()),
                "CONSOLE_SERVERS", servers(upstreams.console()));
        String template = template();
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("unknown placeholder " + matcher.group() + " in " + TEMPLATE);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String servers(List<Integer> ports) {
        // max_fails=1: one refused connection takes an instance out of rotation for fail_timeout, then it is tried again
        return ports.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
                .collect(Collectors.joining("\n"));
    }

    static String template() {
        try (InputStream in = Nginx.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders the configuration into {@code prefix}, starts nginx in the foreground as a child process and waits
     * until it listens on {@code port}. A leftover nginx of an earlier run on the same prefix (a killed launcher)
     * is stopped first.
     *
     * @throws IOException when nginx refuses the configuration or cannot listen (its error log is in the message)
     */
    public static Nginx start(Path binary, Path prefix, int port, Upstreams upstreams) throws IOException {
        Path root = prefix.toAbsolutePath().normalize();
        for (String dir : List.of("conf", "logs", "temp/client_body", "temp/proxy", "temp/fastcgi", "temp/uwsgi",
                "temp/scgi", "cache/public")) {
            Files.createDirectories(root.resolve(dir));
        }
        stopLeftover(root);
        Optional<String> workerUser = runningAsRoot() ? Optional.of(owner(root)) : Optional.empty();
        if (workerUser.isPresent()) {
            chownTree(root, workerUser.get());
        }
        Files.writeString(root.resolve(CONF), render(port, upstreams, workerUser));
        Files.deleteIfExists(root.resolve(PID));
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-p", root + "/", "-c", CONF, "-g", "daemon off;")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(STDERR_LOG).toFile()));
        Process process = builder.start();
        Nginx nginx = new Nginx(process, root, port);
        Runtime.getRuntime().addShutdownHook(nginx.stopOnExit);
        try {
            nginx.awaitListening();
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        LOG.info("nginx listening on port {} (prefix {})", port, root);
        return nginx;
    }

    /** nginx writes its pid file only after it bound its listening sockets; then the port must answer. */
    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path pidFile = prefix.resolve(PID);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + " on port " + port + ":\n" + diagnostics());
            }
            if (Files.exists(pidFile) && readPid(pidFile).filter(pid -> pid == process.pid()).isPresent() && accepts(port)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for nginx", e);
            }
        }
        throw new IOException("nginx did not start listening on port " + port + " within 20 s:\n" + diagnostics());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String log : List.of(STDERR_LOG, ERROR_LOG)) {
            Path file = prefix.resolve(log);
            try {
                if (Files.exists(file)) {
                    List<String> lines = Files.readAllLines(file);
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> text.append("  ").append(l).append('\n'));
                }
            } catch (IOException ignored) {
                // best effort
            }
        }
        return text.toString();
    }

    /** An nginx master still running on this prefix (the launcher was killed without its shutdown hook). */
    private static void stopLeftover(Path root) {
        Path pidFile = root.resolve(PID);
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(handle -> {
            String command = handle.info().commandLine().orElse("");
            if (command.contains("nginx") && command.contains(root.toString())) {
                LOG.warn("stopping a leftover nginx (pid {}) of an earlier run on {}", handle.pid(), root);
                handle.destroy();
                handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        });
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** "user group" of the prefix directory's owner: the user the workers run as when the master is root. */
    private static String owner(Path root) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(root, PosixFileAttributes.class);
        return attributes.owner().getName() + " " + attributes.group().getName();
    }

    /** The workers write temp and cache files: give the prefix's subdirectories to the worker user. */
    private static void chownTree(Path root, String userAndGroup) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(root, PosixFileAttributes.class);
        try (var paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, attributes.owner());
                Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(attributes.group());
            }
        }
    }

    public int port() {
        return port;
    }

    public Path prefix() {
        return prefix;
    }

    public Path accessLog() {
        return prefix.resolve(ACCESS_LOG);
    }

    public Path errorLog() {
        return prefix.resolve(ERROR_LOG);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops nginx (SIGTERM: fast shutdown) and waits for it; forcibly after 10 s. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook stops nginx (too)
        }
        stopProcess();
    }

    private void stopProcess() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
