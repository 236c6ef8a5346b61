package dev.portalsuite.sync.bench;

import dev.portalsuite.shared.config.Env;
import dev.portalsuite.sync.SyncConfig;
import dev.portalsuite.sync.SyncJob;
import dev.portalsuite.sync.job.Outcome;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The job as {@code main} runs it (configuration from the environment, {@link SyncJob#create}), in its own
 * JVM, with a sampler that records the heap in use every 10 ms. Prints one {@code PROBE} line for the
 * benchmark to read.
 */
public final class JobProbe {
    private JobProbe() {
    }

    public static void main(String[] args) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] maxUsed = new long[1];
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed[0] = Math.max(maxUsed[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        long started = System.nanoTime();
        Outcome outcome = SyncJob.create(SyncConfig.fromEnv(Env.system()), SyncJob.Deps.system()).run(false);
        long nanos = System.nanoTime() - started;
        sampler.interrupt();
        sampler.join();
        maxUsed[0] = Math.max(maxUsed[0], memory.getHeapMemoryUsage().getUsed());

        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        System.out.println("PROBE exit=" + outcome.exitCode() + " read=" + outcome.read() + " inserted=" + outcome.inserted()
                + " unchanged=" + outcome.unchanged() + " rejected=" + outcome.rejected() + " nanos=" + nanos
                + " maxHeapUsed=" + maxUsed[0] + " heapPoolPeaks=" + poolPeaks
                + " heapMax=" + memory.getHeapMemoryUsage().getMax() + " gcs=" + gcs + " gcMillis=" + gcMillis);
        System.exit(outcome.exitCode());
    }
}
