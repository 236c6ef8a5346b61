package dev.portalsuite.shared.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the test moves by hand, for time-dependent rules (expiry, stale runs, "today") without sleeping.
 * A {@link #ticking} clock also moves one microsecond per reading, so events keep their order at PostgreSQL's
 * timestamp resolution. {@link #withZone} gives a view on the same time.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;
    private final long tickNanos;

    /** Stands still until the test moves it. */
    public TestClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC, 0);
    }

    /** Moves one microsecond per reading besides what the test moves it. */
    public static TestClock ticking(Instant start) {
        return new TestClock(new AtomicReference<>(start), ZoneOffset.UTC, 1_000);
    }

    private TestClock(AtomicReference<Instant> now, ZoneId zone, long tickNanos) {
        this.now = now;
        this.zone = zone;
        this.tickNanos = tickNanos;
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return tickNanos == 0 ? now.get() : now.getAndUpdate(instant -> instant.plusNanos(tickNanos));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(now, other, tickNanos);
    }
}
