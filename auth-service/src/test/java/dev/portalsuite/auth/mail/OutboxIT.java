package dev.portalsuite.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.db.DatabaseConfig;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The outbox and its relay against a real SMTP server (GreenMail on loopback) and a real PostgreSQL. */
class OutboxIT {

    private static OutgoingMail mail(String to, String name, String subject) {
        return new OutgoingMail("test", to, name, Letter.withSubject(subject).paragraph("Hello " + name + ",")
                .button("Open", "https://console.test/x?token=abc"));
    }

    private static Map<String, String> env(MailCatcher catcher, String... more) {
        Map<String, String> env = new HashMap<>(catcher.env());
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    private static void await(String what, Duration within, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long count(Jdbi jdbi, String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static Set<String> messageIds(List<MimeMessage> messages) {
        return messages.stream().map(m -> MailCatcher.header(m, "Message-ID")).collect(Collectors.toSet());
    }

    @Test
    void aQueuedMailGoesOutOnceAsTextAndHtmlAndLeavesNoLinkBehind() throws Exception {
        try (MailCatcher catcher = MailCatcher.start(); AuthUnderTest auth = new AuthUnderTest().with(catcher.env()).start()) {
            UUID id = auth.app().outbox().enqueue(mail("ana@example.com", "Ana Smith", "A test mail"));

            MimeMessage received = catcher.awaitFirst("ana@example.com");
            assertThat(received.getSubject()).isEqualTo("A test mail");
            assertThat(received.getFrom()[0].toString()).isEqualTo("Portal Suite <no-reply@portal.test>");
            assertThat(MailCatcher.header(received, "To")).isEqualTo("Ana Smith <ana@example.com>");
            assertThat(MailCatcher.header(received, "Message-ID")).isEqualTo("<" + id + "@portal.test>");
            assertThat(received.isMimeType("multipart/alternative")).isTrue();
            assertThat(((MimeMultipart) received.getContent()).getCount()).isEqualTo(2);
            assertThat(MailCatcher.text(received)).contains("Hello Ana Smith,", "Open:\nhttps://console.test/x?token=abc");
            assertThat(MailCatcher.html(received)).contains("<p>Hello Ana Smith,</p>", "href=\"https://console.test/x?token=abc\"");

            await("the row marked sent", Duration.ofSeconds(5), () -> count(auth.jdbi(),
                    "SELECT count(*) FROM mail_outbox WHERE status = 'sent' AND text_body IS NULL AND html_body IS NULL") == 1);
            ApiResponse metrics = auth.client().get("/metrics").outsideContract().send();
            assertThat(metrics.body()).contains("auth_mail_queued_total{service=\"auth-service\"} 1.0",
                    "auth_mail_sent_total{service=\"auth-service\"} 1.0", "auth_mail_pending{service=\"auth-service\"} 0.0",
                    "auth_mail_oldest_pending_age_seconds{service=\"auth-service\"} 0.0");
            assertThat(catcher.all()).hasSize(1);
        }
    }

    @Test
    void lineBreaksInANameNeverAddAHeaderAndHtmlInANameIsShownAsText() throws Exception {
        try (MailCatcher catcher = MailCatcher.start(); AuthUnderTest auth = new AuthUnderTest().with(catcher.env()).start()) {
            String name = "<b>Eve</b> & co\r\nBcc: evil@attacker.test\r\nX-Injected: yes";
            auth.app().outbox().enqueue(mail("eve@example.com", name, "Hi\r\nX-Subject-Injected: yes"));

            MimeMessage received = catcher.awaitFirst("eve@example.com");
            assertThat(received.getHeader("Bcc")).isNull();
            assertThat(received.getHeader("X-Injected")).isNull();
            assertThat(received.getHeader("X-Subject-Injected")).isNull();
            assertThat(Collections.list(received.getAllHeaderLines())).noneMatch(line -> line.startsWith("Bcc")
                    || line.startsWith("X-Injected") || line.startsWith("X-Subject-Injected"));
            assertThat(MailCatcher.recipients(received)).containsExactly("eve@example.com");
            assertThat(received.getSubject()).isEqualTo("Hi  X-Subject-Injected: yes");
            String html = MailCatcher.html(received);
            assertThat(html).contains("Hello &lt;b&gt;Eve&lt;/b&gt; &amp; co")
                    .doesNotContain("<b>Eve</b>");
            assertThat(MailCatcher.text(received)).contains("Hello <b>Eve</b> & co");
            Thread.sleep(300);
            assertThat(catcher.to("evil@attacker.test")).isEmpty();
            assertThat(catcher.all()).hasSize(1);
        }
    }

    @Test
    void twoInstancesSharingTheOutboxSendEachOf200MailsExactlyOnce() {
        DatabaseConfig database = TestPostgres.newDatabase();
        try (MailCatcher catcher = MailCatcher.start();
             AuthUnderTest first = new AuthUnderTest().database(database).with(catcher.env()).start();
             AuthUnderTest second = new AuthUnderTest().database(database).with(catcher.env()).start()) {
            List<UUID> ids = first.jdbi().inTransaction(handle -> {
                List<UUID> queued = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    queued.add(first.app().outbox().enqueue(handle, mail("user" + i + "@example.com", "User " + i, "Mail " + i)));
                }
                return queued;
            });

            catcher.awaitTotal(200, Duration.ofSeconds(60));
            await("every row marked sent", Duration.ofSeconds(10),
                    () -> count(first.jdbi(), "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == 200);
            List<MimeMessage> received = catcher.all();
            assertThat(received).hasSize(200);
            assertThat(messageIds(received)).hasSize(200)
                    .isEqualTo(ids.stream().map(id -> "<" + id + "@portal.test>").collect(Collectors.toSet()));
            for (int i = 0; i < 200; i++) {
                assertThat(catcher.to("user" + i + "@example.com")).hasSize(1);
            }
            System.out.println("sent by first: " + sentBy(first) + ", by second: " + sentBy(second));
            assertThat(sentBy(first) + sentBy(second)).isEqualTo(200.0);
        }
    }

    private static double sentBy(AuthUnderTest server) {
        String metrics = server.client().get("/metrics").outsideContract().send().body();
        return metrics.lines().filter(l -> l.startsWith("auth_mail_sent_total")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void whileTheServerIsDownMailsWaitAndTheyGoOutWhenItReturns() {
        try (MailCatcher catcher = MailCatcher.down();
             AuthUnderTest auth = new AuthUnderTest().with(env(catcher, "MAIL_MAX_ATTEMPTS", "100")).start()) {
            for (int i = 0; i < 5; i++) {
                auth.app().outbox().enqueue(mail("wait" + i + "@example.com", "Wait " + i, "Waiting " + i));
            }
            await("failed tries recorded", Duration.ofSeconds(10), () -> count(auth.jdbi(),
                    "SELECT count(*) FROM mail_outbox WHERE attempts >= 2 AND last_error LIKE '%unreachable%'") >= 1);
            assertThat(count(auth.jdbi(), "SELECT count(*) FROM mail_outbox WHERE status = 'pending'")).isEqualTo(5);
            assertThat(auth.app().outbox().oldestPendingAge()).isPositive();

            catcher.up();
            catcher.awaitTotal(5, Duration.ofSeconds(20));
            await("all marked sent", Duration.ofSeconds(10),
                    () -> count(auth.jdbi(), "SELECT count(*) FROM mail_outbox WHERE status = 'sent'") == 5);
            assertThat(messageIds(catcher.all())).hasSize(5);
        }
    }

    @Test
    void aMailIsGivenUpAsFailedWithTheReasonAfterItsLastTry() {
        try (MailCatcher catcher = MailCatcher.down();
             AuthUnderTest auth = new AuthUnderTest().with(env(catcher, "MAIL_MAX_ATTEMPTS", "3")).start()) {
            auth.app().outbox().enqueue(mail("never@example.com", "Never", "Never sent"));

            await("the mail failed", Duration.ofSeconds(15),
                    () -> count(auth.jdbi(), "SELECT count(*) FROM mail_outbox WHERE status = 'failed'") == 1);
            Map<String, Object> row = auth.jdbi().withHandle(h -> h.createQuery(
                    "SELECT attempts, last_error FROM mail_outbox").mapToMap().one());
            assertThat(row.get("attempts")).isEqualTo(3);
            assertThat((String) row.get("last_error")).startsWith("after 3 tries: SMTP server 127.0.0.1:" + catcher.port()
                    + " unreachable");
            catcher.up();
            assertThat(auth.client().get("/metrics").outsideContract().send().body())
                    .contains("auth_mail_failed_total{service=\"auth-service\"} 1.0");
        }
    }

    @Test
    void anInstanceThatDiesMidBatchLosesNoMailAndDuplicatesAtMostTheOneInFlight() {
        DatabaseConfig database = TestPostgres.newDatabase();
        Jdbi observer = Jdbi.create(database.jdbcUrl(), database.user(), database.password());
        try (MailCatcher catcher = MailCatcher.start()) {
            AuthUnderTest dying = new AuthUnderTest().database(database).with(catcher.env()).start();
            List<UUID> ids;
            try {
                ids = dying.jdbi().inTransaction(handle -> {
                    List<UUID> queued = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        queued.add(dying.app().outbox().enqueue(handle, mail("batch" + i + "@example.com", "B " + i, "Batch " + i)));
                    }
                    return queued;
                });
                catcher.awaitTotal(1, Duration.ofSeconds(20));
                // the crash: every database connection of the instance is cut, whatever transaction it is in
                dying.app().database().close();
            } finally {
                dying.close();
            }
            long pendingAfterCrash = count(observer, "SELECT count(*) FROM auth.mail_outbox WHERE status = 'pending'");
            assertThat(pendingAfterCrash).as("the crash came mid-batch").isPositive();

            try (AuthUnderTest survivor = new AuthUnderTest().database(database).with(catcher.env()).start()) {
                await("the survivor sent the rest", Duration.ofSeconds(60),
                        () -> count(observer, "SELECT count(*) FROM auth.mail_outbox WHERE status = 'sent'") == 200);
            }
            List<MimeMessage> received = catcher.all();
            Set<String> expected = ids.stream().map(id -> "<" + id + "@portal.test>").collect(Collectors.toSet());
            assertThat(messageIds(received)).isEqualTo(expected);
            assertThat(received.size()).as("at most the mail in flight went twice").isBetween(200, 201);
            Set<String> seen = new HashSet<>();
            long duplicates = received.stream().filter(m -> !seen.add(MailCatcher.header(m, "Message-ID"))).count();
            assertThat(duplicates).isLessThanOrEqualTo(1);
        }
    }
}
