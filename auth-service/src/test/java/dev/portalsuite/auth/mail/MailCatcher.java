package dev.portalsuite.auth.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server on loopback (GreenMail) that keeps every mail it receives; it can be stopped and started
 * again on the same port to play an outage.
 */
public final class MailCatcher implements AutoCloseable {
    private final int port;
    private GreenMail greenMail;

    private MailCatcher(int port) {
        this.port = port;
    }

    /** Started on a free port. */
    public static MailCatcher start() {
        MailCatcher catcher = new MailCatcher(freePort());
        catcher.up();
        return catcher;
    }

    /** Not started: the port answers nothing until {@link #up}. */
    public static MailCatcher down() {
        return new MailCatcher(freePort());
    }

    public synchronized void up() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    public int port() {
        return port;
    }

    /** auth-service settings that relay to this catcher, quickly. */
    public Map<String, String> env() {
        return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(port), "SMTP_TLS", "none",
                "MAIL_FROM", "Portal Suite <no-reply@portal.test>", "CONSOLE_BASE_URL", "https://console.test",
                "MAIL_POLL_INTERVAL", "PT0.1S", "MAIL_RETRY_INITIAL", "PT0.2S", "MAIL_RETRY_MAX", "PT0.5S");
    }

    public synchronized List<MimeMessage> all() {
        return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessages());
    }

    public List<MimeMessage> to(String recipient) {
        return all().stream().filter(m -> recipients(m).contains(recipient)).toList();
    }

    /** Waits for the {@code n}-th mail to {@code recipient} and returns it. */
    public MimeMessage await(String recipient, int n) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> mails = to(recipient);
            if (mails.size() >= n) {
                return mails.get(n - 1);
            }
            sleep(50);
        }
        throw new AssertionError("no mail #" + n + " to " + recipient + " within 20 s; received " + all().size() + " in all");
    }

    /** Waits for the first mail to {@code recipient} whose subject contains {@code subjectPart}. */
    public MimeMessage await(String recipient, String subjectPart) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            List<MimeMessage> mails = with(recipient, subjectPart);
            if (!mails.isEmpty()) {
                return mails.get(0);
            }
            sleep(50);
        }
        throw new AssertionError("no mail to " + recipient + " about '" + subjectPart + "' within 20 s; it has "
                + to(recipient).stream().map(MailCatcher::subject).toList());
    }

    /** The mails to {@code recipient} whose subject contains {@code subjectPart}, oldest first. */
    public List<MimeMessage> with(String recipient, String subjectPart) {
        return to(recipient).stream().filter(m -> subject(m).contains(subjectPart)).toList();
    }

    public MimeMessage awaitFirst(String recipient) {
        return await(recipient, 1);
    }

    /** Waits until {@code count} mails in all have arrived. */
    public void awaitTotal(int count, Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (all().size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + all().size() + " of " + count + " mails arrived");
            }
            sleep(50);
        }
    }

    public static List<String> recipients(MimeMessage message) {
        try {
            return message.getAllRecipients() == null ? List.of() : Arrays.stream(message.getAllRecipients())
                    .map(a -> ((InternetAddress) a).getAddress()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(MimeMessage message, String type) {
        try {
            Multipart multipart = (Multipart) message.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return ((String) part.getContent()).replace("\r\n", "\n");
                }
            }
            throw new AssertionError("no " + type + " part");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code parameter} in the first console link of the text part. */
    public static String linkParameter(MimeMessage message, String path, String parameter) {
        Matcher m = Pattern.compile("https://console\\.test" + Pattern.quote(path) + "\\?" + parameter + "=([A-Za-z0-9_%-]+)")
                .matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("no link to " + path + " in:\n" + text(message));
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
