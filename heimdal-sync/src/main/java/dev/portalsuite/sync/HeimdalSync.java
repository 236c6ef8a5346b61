package dev.portalsuite.sync;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.sync.job.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar heimdal-sync.jar [--dry-run]}: one sync of Heimdal customers into portal-service, configured
 * by the environment (see {@link SyncConfig}). Exit codes: 0 success, 1 finished with warnings (see {@link dev.portalsuite.sync.job.Outcome}),
 * 2 failed, 3 another run is in progress. On SIGTERM the job stops at the next record, marks its run FAILED
 * and the JVM exits with 143 (128 + SIGTERM): {@code System.exit} is not called during shutdown, where it would
 * block.
 */
public final class HeimdalSync {
    private static final Logger LOG = LoggerFactory.getLogger(HeimdalSync.class);
    private static final long SHUTDOWN_GRACE_SECONDS = 20;

    private HeimdalSync() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.println("usage: java -jar heimdal-sync.jar [--dry-run]   (configuration from the environment; see README)");
            return;
        }
        List<String> unknown = arguments.stream().filter(a -> !a.equals("--dry-run")).toList();
        if (!unknown.isEmpty()) {
            System.err.println("unknown argument(s) " + unknown + "; usage: java -jar heimdal-sync.jar [--dry-run]");
            System.exit(Outcome.FAILED);
        }
        SyncConfig config;
        try {
            config = SyncConfig.fromEnv(Env.system());
        } catch (ConfigException e) {
            LOG.error("configuration error: {}", e.getMessage());
            LOG.info("heimdal-sync NOT_STARTED exit=2 error=\"configuration error: {}\"", e.getMessage().replace('"', '\''));
            System.exit(Outcome.FAILED);
            return;
        }
        SyncJob.Deps deps = SyncJob.Deps.system();
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean terminating = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            terminating.set(true);
            deps.cancellation().cancel("the process was asked to terminate");
            try {
                done.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "heimdal-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Outcome outcome = SyncJob.create(config, deps).run(arguments.contains("--dry-run"));
        done.countDown();
        if (!terminating.get()) {
            System.exit(outcome.exitCode());
        }
    }
}
