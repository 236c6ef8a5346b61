package dev.portalsuite.auth.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Queues mails in the caller's transaction: a mail exists exactly when the change that causes it does. The
 * relay ({@link OutboxRelay}) sends them afterwards. Publishes {@code auth_mail_queued_total} (counted after
 * commit), {@code auth_mail_pending} and {@code auth_mail_oldest_pending_age_seconds} (read from the shared
 * table, so every instance reports the whole outbox).
 */
public final class Outbox {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Counter queued;
    private volatile Runnable onQueued = () -> { };

    public Outbox(Jdbi jdbi, Clock clock, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.queued = Counter.builder("auth.mail.queued").description("mails written to the outbox").register(registry);
        Gauge.builder("auth.mail.pending", this, Outbox::pendingOrNaN)
                .description("mails in the outbox waiting to be sent").register(registry);
        Gauge.builder("auth.mail.oldest.pending.age", this, Outbox::oldestPendingAgeOrNaN).baseUnit("seconds")
                .description("how long the oldest unsent mail has waited").register(registry);
    }

    /** Called after each commit that queued mail (the local relay wakes up instead of waiting for its next poll). */
    public void onQueued(Runnable listener) {
        this.onQueued = listener;
    }

    /** Queues {@code mail} inside the caller's transaction; returns its outbox id (also its Message-ID). */
    public UUID enqueue(Handle handle, OutgoingMail mail) {
        UUID id = UUID.randomUUID();
        Letter letter = mail.letter();
        handle.attach(OutboxDao.class).insert(id, mail.kind(), mail.recipient(), Headers.oneLine(mail.recipientName()),
                letter.subject(), letter.text(), letter.html(), clock.instant());
        handle.afterCommit(() -> {
            queued.increment();
            onQueued.run();
        });
        return id;
    }

    /** Queues {@code mail} in a transaction of its own (for events that change nothing else). */
    public UUID enqueue(OutgoingMail mail) {
        return jdbi.inTransaction(handle -> enqueue(handle, mail));
    }

    public long pending() {
        return jdbi.withExtension(OutboxDao.class, OutboxDao::countPending);
    }

    public Duration oldestPendingAge() {
        Instant now = clock.instant();
        return jdbi.withExtension(OutboxDao.class, OutboxDao::oldestPending)
                .map(oldest -> Duration.between(oldest, now))
                .filter(age -> !age.isNegative())
                .orElse(Duration.ZERO);
    }

    /** Sent mails are kept (without bodies) for a while to answer "did it go out?", then dropped. */
    public int purgeSentBefore(Instant before) {
        return jdbi.withExtension(OutboxDao.class, dao -> dao.purgeSentBefore(before));
    }

    private double pendingOrNaN() {
        try {
            return pending();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double oldestPendingAgeOrNaN() {
        try {
            return oldestPendingAge().toMillis() / 1000.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
