package dev.portalsuite.auth.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox, one relay per instance. Each mail is claimed, sent and marked in one transaction: the
 * row lock ({@code FOR UPDATE SKIP LOCKED}) keeps every other relay off it while it is being sent, and if the
 * instance dies before the commit the row simply becomes due again. So a mail is never lost, and only the one
 * mail in flight at a crash can go out twice (its stable Message-ID marks the copy).
 * <p>
 * A failed try is retried after {@code retryInitial}, doubling up to {@code retryMax} (with a little jitter so
 * instances do not retry in step); after {@code maxAttempts} tries the mail is {@code failed} with the reason.
 * A server that cannot be reached ends the batch: the other mails wait for the next round instead of each
 * failing in turn.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Jdbi jdbi;
    private final Clock clock;
    private final MailTransport transport;
    private final MailConfig config;
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean running = true;

    public OutboxRelay(Jdbi jdbi, Clock clock, MailTransport transport, MailConfig config, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.transport = transport;
        this.config = config;
        this.sent = Counter.builder("auth.mail.sent").description("mails handed to the SMTP server").register(registry);
        this.failed = Counter.builder("auth.mail.failed").description("mails given up after their last try or refused for good")
                .register(registry);
        this.retried = Counter.builder("auth.mail.retried").description("tries that failed and will be retried").register(registry);
        this.thread = new Thread(this::loop, "auth-mail-relay");
        this.thread.setDaemon(true);
    }

    public OutboxRelay start() {
        thread.start();
        return this;
    }

    /** Looks for due mails now rather than at the next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            try {
                sendDue();
            } catch (RuntimeException e) {
                LOG.warn("mail relay round failed: {}", e.toString());
            }
            awaitNextRound();
        }
    }

    private void awaitNextRound() {
        lock.lock();
        try {
            if (!woken && running) {
                wakeUp.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Sends every due mail, one transaction each, until none is due, the server is unreachable or we stop. */
    public int sendDue() {
        int handled = 0;
        try (MailTransport.Connection connection = transport.open()) {
            while (running) {
                Outcome outcome = jdbi.inTransaction(handle -> {
                    OutboxDao dao = handle.attach(OutboxDao.class);
                    Optional<OutboxDao.Row> due = dao.claimDue(clock.instant());
                    if (due.isEmpty()) {
                        return Outcome.NONE_DUE;
                    }
                    return send(dao, connection, due.get());
                });
                if (outcome == Outcome.NONE_DUE) {
                    break;
                }
                // counted once committed: a mail whose transaction rolled back goes out again later
                switch (outcome) {
                    case SENT -> sent.increment();
                    case FAILED, FAILED_SERVER_UNREACHABLE -> failed.increment();
                    case RETRY_LATER, SERVER_UNREACHABLE -> retried.increment();
                    default -> { }
                }
                handled++;
                if (outcome == Outcome.SERVER_UNREACHABLE || outcome == Outcome.FAILED_SERVER_UNREACHABLE) {
                    break;
                }
            }
        }
        return handled;
    }

    private enum Outcome { NONE_DUE, SENT, FAILED, FAILED_SERVER_UNREACHABLE, RETRY_LATER, SERVER_UNREACHABLE }

    private Outcome send(OutboxDao dao, MailTransport.Connection connection, OutboxDao.Row mail) {
        try {
            connection.send(mail);
            dao.markSent(mail.id(), clock.instant());
            return Outcome.SENT;
        } catch (MailTransport.Permanent e) {
            giveUp(dao, mail, e.getMessage());
            return Outcome.FAILED;
        } catch (MailTransport.Transient e) {
            int tries = mail.attempts() + 1;
            if (tries >= config.maxAttempts()) {
                giveUp(dao, mail, "after " + tries + " tries: " + e.getMessage());
                return e.serverUnreachable() ? Outcome.FAILED_SERVER_UNREACHABLE : Outcome.FAILED;
            }
            Duration delay = backoff(tries);
            dao.retryLater(mail.id(), clock.instant().plus(delay), truncate(e.getMessage()));
            LOG.info("mail {} ({}) not sent, try {} of {}, next in {}: {}", mail.id(), mail.kind(), tries,
                    config.maxAttempts(), delay, e.getMessage());
            return e.serverUnreachable() ? Outcome.SERVER_UNREACHABLE : Outcome.RETRY_LATER;
        }
    }

    private void giveUp(OutboxDao dao, OutboxDao.Row mail, String reason) {
        dao.markFailed(mail.id(), truncate(reason));
        LOG.warn("mail {} ({}) failed for good: {}", mail.id(), mail.kind(), reason);
    }

    /** retryInitial × 2^(tries−1), at most retryMax, minus up to 10 % jitter. */
    Duration backoff(int tries) {
        long initial = config.retryInitial().toMillis();
        long max = config.retryMax().toMillis();
        long delay = tries >= 40 ? max : Math.min(max, initial << Math.min(tries - 1, 40));
        long jitter = delay / 10 == 0 ? 0 : ThreadLocalRandom.current().nextLong(delay / 10);
        return Duration.ofMillis(Math.max(1, delay - jitter));
    }

    private static String truncate(String text) {
        String value = text == null ? "unknown error" : text;
        return value.length() > MAX_ERROR_LENGTH ? value.substring(0, MAX_ERROR_LENGTH) : value;
    }

    /** Finishes the mail in flight (its transaction commits or rolls back), then stops. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
