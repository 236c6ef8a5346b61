package dev.portalsuite.console.password;

import com.icegreen.greenmail.util.GreenMail;
import dev.portalsuite.console.mailbox.Mailbox;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The console's {@link Mailbox} over a GreenMail server, as the local suite supplies it. */
final class GreenMailbox implements Mailbox {
    private final GreenMail greenMail;

    GreenMailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    @Override
    public List<Mail> mails() {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            mails.add(mail(message));
        }
        return mails;
    }

    static Mail mail(MimeMessage message) {
        try {
            String to = Arrays.stream(message.getAllRecipients()).map(Object::toString).collect(Collectors.joining(", "));
            Instant received = message.getReceivedDate() != null ? message.getReceivedDate().toInstant()
                    : message.getSentDate() != null ? message.getSentDate().toInstant() : null;
            return new Mail(to, message.getSubject(), received, text(message.getContent()));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return text;
        }
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof Multipart nested) {
                    String text = text(nested);
                    if (!text.isEmpty()) {
                        return text;
                    }
                }
            }
        }
        return "";
    }
}
