package dev.portalsuite.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.sync.testing.FakeHeimdal;
import dev.portalsuite.sync.testing.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged jar as cron runs it: a separate JVM, configuration from the environment, exit codes, JSON logs. */
class HeimdalSyncJarIT {
    private static final Path JAR = Path.of("target", "heimdal-sync.jar");
    private static Suite suite;
    private static FakeHeimdal heimdal;
    private static final String API_KEY = "hk_live_" + UUID.randomUUID().toString().replace("-", "");
    private static UUID mssp;

    @BeforeAll
    static void start() {
        assertThat(JAR).as("run 'mvn package' first").exists();
        suite = Suite.start();
        mssp = suite.createMssp("Jar MSSP");
        heimdal = new FakeHeimdal(API_KEY, "jar-mssp").serve(FakeHeimdal.resellersWithClients("jar", "jar-mssp", 3, 3));
    }

    @AfterAll
    static void stop() {
        heimdal.close();
        suite.close();
    }

    private record Run(int exitCode, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        JsonNode summary() throws IOException {
            for (String line : lines) {
                if (line.contains("\"summary\"")) {
                    return Suite.JSON.readTree(line);
                }
            }
            throw new AssertionError("no summary line in:\n" + text());
        }
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Path output = Files.createTempFile("heimdal-sync", ".log");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the job ends").isTrue();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        Files.deleteIfExists(output);
        return new Run(process.exitValue(), lines);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(suite.jobEnv(heimdal, API_KEY, "jar-mssp", mssp));
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    private static void assertCleanJsonLogs(Run run, String... secrets) throws IOException {
        assertThat(run.lines()).isNotEmpty();
        for (String line : run.lines()) {
            assertThat(Suite.JSON.readTree(line).isObject()).as("a JSON log line: " + line).isTrue();
        }
        for (String secret : secrets) {
            assertThat(run.text()).doesNotContain(secret);
        }
    }

    @Test
    void syncsThenReportsEverythingUnchangedAndExitsZero() throws Exception {
        Run first = run(env());
        assertThat(first.exitCode()).as(first.text()).isZero();
        assertCleanJsonLogs(first, API_KEY, Suite.CLIENT_SECRET);
        JsonNode summary = first.summary();
        assertThat(summary.get("formattedMessage").asText()).startsWith("heimdal-sync SUCCEEDED exit=0 read=12 sent=12 inserted=12");
        assertThat(suite.orgs(mssp)).hasSize(12);

        Run dry = run(env(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.text()).isZero();
        assertThat(dry.summary().get("formattedMessage").asText()).startsWith("heimdal-sync dry run READ exit=0 read=12 sent=0");

        Run second = run(env());
        assertThat(second.exitCode()).isZero();
        assertThat(second.summary().get("formattedMessage").asText()).contains("inserted=0 updated=0 unchanged=12");
    }

    @Test
    void aRefusedApiKeyExitsTwoWithoutPrintingTheKey() throws Exception {
        Map<String, String> env = env();
        String wrong = "hk_live_revoked_" + UUID.randomUUID();
        env.put("HEIMDAL_API_KEY", wrong);
        Run run = run(env);
        assertThat(run.exitCode()).isEqualTo(2);
        assertCleanJsonLogs(run, wrong, API_KEY, Suite.CLIENT_SECRET);
        assertThat(run.summary().get("formattedMessage").asText()).contains("NOT_STARTED exit=2").contains("API key");
    }

    @Test
    void sigtermStopsTheJobAndMarksItsRunFailed() throws Exception {
        UUID otherMssp = suite.createMssp("Jar MSSP terminated");
        String key = "hk_live_" + UUID.randomUUID().toString().replace("-", "");
        try (FakeHeimdal held = new FakeHeimdal(key, "term-mssp")
                .serve(FakeHeimdal.resellersWithClients("jt", "term-mssp", 5, 4)).hold(2)) {
            Map<String, String> env = new HashMap<>(suite.jobEnv(held, key, "term-mssp", otherMssp));
            env.put("SYNC_BATCH_SIZE", "10");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-jar", JAR.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Path output = Files.createTempFile("heimdal-sync", ".log");
            builder.redirectOutput(output.toFile());
            Process process = builder.start();
            try {
                assertThat(held.awaitReached(2, 60)).as("the job is reading page 2").isTrue();
                process.destroy(); // SIGTERM
                Thread.sleep(300);
                held.release(2);
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the job ends after SIGTERM").isTrue();
            } finally {
                process.destroyForcibly();
            }
            String text = Files.readString(output);
            Files.deleteIfExists(output);
            // the JVM's own exit code for SIGTERM (128 + 15): the job does not call System.exit during shutdown
            assertThat(process.exitValue()).as(text).isEqualTo(143);
            assertThat(text).contains("asked to terminate").doesNotContain(key).doesNotContain(Suite.CLIENT_SECRET);
            List<JsonNode> runs = suite.runs(otherMssp);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).get("status").asText()).as(text).isEqualTo("FAILED");
            assertThat(runs.get(0).get("error").asText()).contains("asked to terminate");
        }
    }

    @Test
    void configurationErrorsExitTwoNamingTheVariable() throws Exception {
        Map<String, String> env = env();
        env.remove("SYNC_MSSP_ORG_ID");
        Run run = run(env);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.text()).contains("SYNC_MSSP_ORG_ID is required");
        assertCleanJsonLogs(run, API_KEY, Suite.CLIENT_SECRET);

        Run unknown = run(env(), "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.text()).contains("usage");
    }
}
