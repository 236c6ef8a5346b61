package dev.portalsuite.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bcrypt gate's admission, on a controlled clock: the work "takes" what the test advances the clock by, so the
 * average run and the number of callers allowed to wait follow from the test's figures, not from this machine.
 */
class HashGateTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    private String runTaking(HashGate gate, Duration duration) {
        return gate.run(() -> {
            nanos.addAndGet(duration.toNanos());
            return "done";
        });
    }

    @Test
    void callersWaitOnlyWhileTheirTurnIsPredictedWithinTheWaitAndTheExcessIsRefusedWithoutWaiting() throws Exception {
        // 2 slots, 10 s of allowed wait, runs of 2.8 s: 2 × floor(10 / 2.8) = 6 may wait
        HashGate gate = new HashGate(2, Duration.ofSeconds(10), Duration.ofMillis(2_800), nanos::get);
        assertThat(gate.maxWaiting()).isEqualTo(6);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        List<Future<String>> admitted = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // both slots busy until released
            admitted.add(callers.submit(() -> gate.run(() -> {
                running.countDown();
                await(release);
                nanos.addAndGet(Duration.ofMillis(2_800).toNanos());
                return "done";
            })));
        }
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.saturated()).as("slots busy, but callers may still wait").isFalse();
        for (int i = 0; i < 6; i++) {
            admitted.add(callers.submit(() -> runTaking(gate, Duration.ofMillis(2_800))));
        }
        while (gate.waiting() < 6) {
            Thread.onSpinWait();
        }

        assertThat(gate.saturated()).as("slots busy, queue full").isTrue();
        // the seventh is refused on the caller's own thread, without queueing (the slots stay held meanwhile)
        assertThatThrownBy(() -> runTaking(gate, Duration.ofMillis(2_800))).isInstanceOf(HashGate.Refused.class);
        assertThat(gate.waiting()).isEqualTo(6);

        release.countDown();
        for (Future<String> call : admitted) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("done");
        }
        assertThat(gate.waiting()).isZero();
        assertThat(gate.saturated()).isFalse();
    }

    @Test
    void slowerRunsShrinkTheQueueAndFasterOnesGrowIt() {
        HashGate gate = new HashGate(2, Duration.ofSeconds(1), Duration.ofMillis(280), nanos::get);
        assertThat(gate.maxWaiting()).isEqualTo(6); // 2 × floor(1 / 0.28)
        for (int i = 0; i < 30; i++) {
            runTaking(gate, Duration.ofMillis(600));
        }
        assertThat(gate.averageRun()).isBetween(Duration.ofMillis(590), Duration.ofMillis(600));
        assertThat(gate.maxWaiting()).isEqualTo(2); // 2 × floor(1 / 0.6)
        for (int i = 0; i < 30; i++) {
            runTaking(gate, Duration.ofMillis(1_200));
        }
        assertThat(gate.maxWaiting()).as("a run longer than the wait: nobody waits").isZero();
        for (int i = 0; i < 40; i++) {
            runTaking(gate, Duration.ofMillis(100));
        }
        assertThat(gate.maxWaiting()).isBetween(18, 20);
    }

    @Test
    void withNoWaitAllowedAFreeSlotIsStillTakenAndABusyOneRefusesAtOnce() throws Exception {
        HashGate gate = new HashGate(1, Duration.ZERO, Duration.ofMillis(280), nanos::get);
        assertThat(runTaking(gate, Duration.ofMillis(280))).isEqualTo("done");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        Future<String> holder = callers.submit(() -> gate.run(() -> {
            running.countDown();
            await(release);
            return "done";
        }));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> runTaking(gate, Duration.ofMillis(280))).isInstanceOf(HashGate.Refused.class);
        release.countDown();
        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("done");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
