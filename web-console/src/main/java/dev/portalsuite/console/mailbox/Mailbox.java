package dev.portalsuite.console.mailbox;

import java.time.Instant;
import java.util.List;

/**
 * Where the development mailbox page reads the mails the local suite caught (its embedded SMTP server). Supplied by
 * the local suite only; without one, and always in production, {@code /dev/mailbox} does not exist.
 */
public interface Mailbox {
    /** The caught mails, oldest first. */
    List<Mail> mails();

    /** One caught mail: its plain-text part is enough to read it and follow its links. */
    record Mail(String to, String subject, Instant receivedAt, String text) {
    }
}
