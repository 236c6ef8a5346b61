package dev.portalsuite.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import dev.portalsuite.shared.ops.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The access log is written asynchronously and loses nothing: N concurrent requests, N lines. */
class AccessLogIT {
    private static final int THREADS = 16;
    private static final int REQUESTS_PER_THREAD = 150;
    private static final Pattern ACCESS_LINE =
            Pattern.compile("\"loggerName\":\"access\",\"mdc\": ?\\{\"requestId\":\"([0-9a-f-]{36})\"");

    /** The console as the access log's appender writes it (logback's console target looks up System.out per write). */
    private static final class Console extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized List<String> lines() {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void concurrentRequestsWriteOneLineEachAndDrainWritesTheRest() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        AsyncAppender async = (AsyncAppender) access.getAppender(AccessLog.ASYNC_APPENDER);
        assertThat(async).as("logback.xml writes the access log asynchronously").isNotNull();
        assertThat(async.isNeverBlock()).as("a full queue makes the request wait, never drops").isFalse();
        assertThat(async.getDiscardingThreshold()).as("no level is discarded when the queue fills").isZero();
        assertThat(access.isAdditive()).as("each line written once").isFalse();

        Console console = new Console();
        PrintStream original = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try (ServiceServerIT.DemoApp demo = ServiceServerIT.startDemo("127.0.0.1",
                ServiceServerIT.openDatabase(new Metrics("demo")))) {
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            Set<String> sent = ConcurrentHashMap.newKeySet();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(clients.submit(() -> {
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        String id = UUID.randomUUID().toString();
                        sent.add(id);
                        assertThat(demo.api().get("/health/live").outsideContract().header(RequestIds.HEADER, id).send()
                                .status()).isEqualTo(200);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            clients.shutdown();
            demo.app().stop(); // every request has ended, so every line is logged (queued or written)
            AccessLog.drain();

            System.setOut(original);
            assertThat(sent).hasSize(THREADS * REQUESTS_PER_THREAD);
            List<String> logged = new ArrayList<>();
            for (String line : console.lines()) {
                Matcher m = ACCESS_LINE.matcher(line);
                if (m.find() && sent.contains(m.group(1))) {
                    assertThat(line).contains("\"method\":\"GET\"", "\"status\":\"200\"", "\"durationMs\"");
                    logged.add(m.group(1));
                }
            }
            assertThat(logged).as("one line per request, none twice").doesNotHaveDuplicates();
            assertThat(logged).as("none lost").containsExactlyInAnyOrderElementsOf(sent);
        } finally {
            System.setOut(original);
        }
        assertThat(access.getAppender(AccessLog.ASYNC_APPENDER)).as("drained and detached").isNull();
        assertThat(access.isAdditive()).as("later lines go through the root's appender").isTrue();
    }
}
