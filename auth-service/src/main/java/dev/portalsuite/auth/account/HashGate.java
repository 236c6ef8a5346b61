package dev.portalsuite.auth.account;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Admission for CPU-bound work (bcrypt): {@code slots} run at once, and a caller that finds them all busy queues only
 * if its turn is predicted within {@code maxWait}; otherwise it is refused at once (no waiting), so the excess of an
 * overload gets its 503 immediately while the slots never idle as long as admitted work waits.
 *
 * <p>The prediction: the caller at queue position {@code p} (1-based) starts after {@code ceil(p / slots)} runs, each
 * taking the moving average of recent runs. Hence at most {@code slots × floor(maxWait / average)} callers wait; a
 * slower machine (or a busier one) queues fewer. A waiter that still is not served within twice {@code maxWait} (the
 * prediction was wrong) is refused too.
 */
final class HashGate {
    /** Weight of the newest run in the moving average. */
    private static final double ALPHA = 0.2;

    private final int slots;
    private final Semaphore free;
    private final long maxWaitNanos;
    private final LongSupplier nanoClock;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong averageNanos;

    HashGate(int slots, Duration maxWait, Duration initialEstimate, LongSupplier nanoClock) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        this.slots = slots;
        this.free = new Semaphore(slots, true);
        this.maxWaitNanos = maxWait.toNanos();
        this.nanoClock = nanoClock;
        this.averageNanos = new AtomicLong(Math.max(1, initialEstimate.toNanos()));
    }

    /** The result of {@code work}, run in a slot; {@link Refused} when no slot is free in time (predicted or not). */
    <T> T run(Supplier<T> work) {
        if (!free.tryAcquire()) {
            enqueueOrRefuse();
            try {
                boolean acquired;
                try {
                    acquired = free.tryAcquire(2 * maxWaitNanos, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    acquired = false;
                }
                if (!acquired) {
                    throw new Refused();
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
        long started = nanoClock.getAsLong();
        try {
            return work.get();
        } finally {
            record(nanoClock.getAsLong() - started);
            free.release();
        }
    }

    private void enqueueOrRefuse() {
        int limit = maxWaiting();
        while (true) {
            int now = waiting.get();
            if (now >= limit) {
                throw new Refused();
            }
            if (waiting.compareAndSet(now, now + 1)) {
                return;
            }
        }
    }

    /** How many callers may wait now: {@code slots × floor(maxWait / average run)}. */
    int maxWaiting() {
        long perSlot = maxWaitNanos / averageNanos.get();
        return (int) Math.min(Integer.MAX_VALUE, slots * perSlot);
    }

    /** Every slot busy and the queue full: a caller arriving now would be refused. */
    boolean saturated() {
        return free.availablePermits() == 0 && waiting.get() >= maxWaiting();
    }

    int waiting() {
        return waiting.get();
    }

    Duration averageRun() {
        return Duration.ofNanos(averageNanos.get());
    }

    private void record(long nanos) {
        long sample = Math.max(1, nanos);
        averageNanos.getAndUpdate(average -> Math.max(1, Math.round(average + ALPHA * (sample - average))));
    }

    /** No slot now and none predicted within the wait allowed. */
    static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }
}
