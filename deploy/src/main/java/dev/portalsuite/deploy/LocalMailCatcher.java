package dev.portalsuite.deploy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.portalsuite.console.mailbox.Mailbox;
import dev.portalsuite.shared.config.Env;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local suite's mail catcher (development only, and only when {@code SMTP_HOST} is not set): an embedded
 * GreenMail that accepts every mail auth-service sends and keeps it in memory. Each caught mail is logged with its
 * links, so a person can click "reset your password" straight from the console output; the mails can also be read
 * with any IMAP or POP3 client (user and password: the recipient's address).
 */
final class LocalMailCatcher implements Mailbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMailCatcher.class);
    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final GreenMail greenMail;
    private final ScheduledExecutorService announcer;
    private int announced;

    private LocalMailCatcher(GreenMail greenMail) {
        this.greenMail = greenMail;
        this.announcer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mail-catcher-log");
            thread.setDaemon(true);
            return thread;
        });
        announcer.scheduleWithFixedDelay(this::announceNewMails, 1, 1, TimeUnit.SECONDS);
    }

    /** Started unless {@code SMTP_HOST} is set (then a real server takes the mails) or in production. */
    static Optional<LocalMailCatcher> startUnlessConfigured(Env env, boolean production) {
        if (production || env.optional("SMTP_HOST").isPresent()) {
            return Optional.empty();
        }
        ServerSetup[] setups = {
            new ServerSetup(env.port("MAIL_CATCHER_SMTP_PORT", 0), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(env.port("MAIL_CATCHER_IMAP_PORT", 0), "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(env.port("MAIL_CATCHER_POP3_PORT", 0), "127.0.0.1", ServerSetup.PROTOCOL_POP3),
        };
        for (int i = 0; i < setups.length; i++) {
            if (setups[i].getPort() == 0) {
                setups[i] = setups[i].dynamicPort();
            }
        }
        GreenMail greenMail = new GreenMail(setups);
        greenMail.start();
        return Optional.of(new LocalMailCatcher(greenMail));
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** What auth-service needs to hand its mails to this catcher. */
    Map<String, String> authEnv() {
        return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort()), "SMTP_TLS", "none",
                "MAIL_POLL_INTERVAL", "PT1S", "MAIL_RETRY_INITIAL", "PT2S", "MAIL_RETRY_MAX", "PT30S");
    }

    String banner() {
        return "  mail catcher   every mail is caught here and logged with its links; read them with any mail client:\n"
                + "                 IMAP localhost:" + greenMail.getImap().getPort() + ", POP3 localhost:"
                + greenMail.getPop3().getPort() + " (user and password: the recipient's address, no TLS);"
                + " SMTP on localhost:" + smtpPort() + "\n";
    }

    int caught() {
        return greenMail.getReceivedMessages().length;
    }

    MimeMessage[] messages() {
        return greenMail.getReceivedMessages();
    }

    /** The caught mails for the console's development mailbox page ({@code /dev/mailbox}). */
    @Override
    public List<Mail> mails() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            try {
                String to = Arrays.stream(message.getAllRecipients()).map(Object::toString)
                        .collect(java.util.stream.Collectors.joining(", "));
                java.util.Date received = message.getReceivedDate() != null ? message.getReceivedDate() : message.getSentDate();
                mails.add(new Mail(to, message.getSubject(), received == null ? null : received.toInstant(), text(message)));
            } catch (MessagingException | IOException | RuntimeException e) {
                LOG.warn("could not read a caught mail: {}", e.toString());
            }
        }
        return mails;
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
            }
        }
        return "";
    }

    private synchronized void announceNewMails() {
        try {
            MimeMessage[] messages = greenMail.getReceivedMessages();
            for (int i = announced; i < messages.length; i++) {
                MimeMessage message = messages[i];
                LOG.info("mail caught for {}: \"{}\" {}", Arrays.toString(message.getAllRecipients()), message.getSubject(),
                        links(message));
            }
            announced = messages.length;
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.warn("could not read a caught mail: {}", e.toString());
        }
    }

    /** The distinct links of the mail's plain-text part. */
    static Set<String> links(MimeMessage message) throws MessagingException, IOException {
        Set<String> links = new LinkedHashSet<>();
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    Matcher m = LINK.matcher((String) part.getContent());
                    while (m.find()) {
                        links.add(m.group());
                    }
                }
            }
        }
        return links;
    }

    @Override
    public void close() {
        announcer.shutdownNow();
        greenMail.stop();
    }
}
