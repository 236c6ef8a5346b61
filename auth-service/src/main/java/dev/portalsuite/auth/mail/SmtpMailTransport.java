package dev.portalsuite.auth.mail;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * SMTP through Eclipse Angus Mail. Each mail is multipart/alternative (plain text, then HTML), UTF-8. Its
 * Message-ID is derived from the outbox id, so the rare duplicate after a crash is recognisable as one.
 * Header values come only from validated addresses and {@link Headers#oneLine} text.
 */
public final class SmtpMailTransport implements MailTransport {
    private static final String TIMEOUT_MILLIS = "10000";

    private final SmtpSettings settings;
    private final InternetAddress from;
    private final Clock clock;
    private final Session session;

    public SmtpMailTransport(SmtpSettings settings, InternetAddress from, Clock clock) {
        this.settings = settings;
        this.from = from;
        this.clock = clock;
        this.session = Session.getInstance(properties(settings));
    }

    private static Properties properties(SmtpSettings settings) {
        String protocol = settings.tls() == SmtpSettings.Tls.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(p + "connectiontimeout", TIMEOUT_MILLIS);
        props.put(p + "timeout", TIMEOUT_MILLIS);
        props.put(p + "writetimeout", TIMEOUT_MILLIS);
        props.put(p + "auth", Boolean.toString(settings.username().isPresent()));
        if (settings.tls() == SmtpSettings.Tls.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (settings.tls() != SmtpSettings.Tls.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    @Override
    public Connection open() {
        return new SmtpConnection();
    }

    private final class SmtpConnection implements Connection {
        private Transport transport;

        @Override
        public void send(OutboxDao.Row mail) {
            MimeMessage message = message(mail);
            try {
                connected().sendMessage(message, message.getAllRecipients());
            } catch (SMTPAddressFailedException e) {
                if (e.getReturnCode() >= 500) {
                    throw new Permanent("recipient refused: " + e.getReturnCode() + " " + oneLine(e.getMessage()), e);
                }
                throw new Transient("recipient deferred: " + e.getReturnCode() + " " + oneLine(e.getMessage()), e, false);
            } catch (SMTPSendFailedException e) {
                if (e.getReturnCode() >= 500) {
                    throw new Permanent("refused: " + e.getReturnCode() + " " + oneLine(e.getMessage()), e);
                }
                throw new Transient("deferred: " + e.getReturnCode() + " " + oneLine(e.getMessage()), e, false);
            } catch (SendFailedException e) {
                Address[] invalid = e.getInvalidAddresses();
                if (invalid != null && invalid.length > 0) {
                    throw new Permanent("invalid recipient: " + oneLine(e.getMessage()), e);
                }
                closeQuietly();
                throw new Transient("send failed: " + oneLine(e.getMessage()), e, false);
            } catch (MessagingException e) {
                closeQuietly();
                throw new Transient("send failed: " + oneLine(e.getMessage()), e, false);
            }
        }

        private Transport connected() {
            if (transport != null && transport.isConnected()) {
                return transport;
            }
            try {
                transport = session.getTransport();
                if (settings.username().isPresent()) {
                    transport.connect(settings.username().get(), settings.password().orElseThrow());
                } else {
                    transport.connect();
                }
                return transport;
            } catch (AuthenticationFailedException e) {
                throw new Transient("SMTP authentication failed: " + oneLine(e.getMessage()), e, true);
            } catch (MessagingException e) {
                throw new Transient("SMTP server " + settings.host() + ":" + settings.port() + " unreachable: "
                        + oneLine(String.valueOf(e.getMessage())), e, true);
            }
        }

        private void closeQuietly() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException ignored) {
                    // the connection is being dropped anyway
                }
                transport = null;
            }
        }

        @Override
        public void close() {
            closeQuietly();
        }
    }

    private MimeMessage message(OutboxDao.Row mail) {
        String messageId = "<" + mail.id() + "@" + domainOf(from.getAddress()) + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        try {
            InternetAddress to = new InternetAddress(mail.recipient(), true);
            if (to.isGroup() || !mail.recipient().equals(to.getAddress())) {
                throw new Permanent("not a single plain address", null);
            }
            String name = Headers.oneLine(mail.recipientName());
            if (name != null && !name.isEmpty()) {
                // encoded as an RFC 2047 word or quoted string by Jakarta Mail: never raw header text
                to.setPersonal(name, StandardCharsets.UTF_8.name());
            }
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(Headers.oneLine(mail.subject()), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("Auto-Submitted", "auto-generated");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.textBody(), StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.htmlBody(), StandardCharsets.UTF_8.name(), "html");
            MimeMultipart alternative = new MimeMultipart("alternative", text, html);
            message.setContent(alternative);
            message.saveChanges();
            return message;
        } catch (AddressException e) {
            throw new Permanent("invalid recipient address: " + oneLine(e.getMessage()), e);
        } catch (UnsupportedEncodingException | MessagingException e) {
            throw new Permanent("cannot build the message: " + oneLine(e.getMessage()), e);
        }
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    private static String oneLine(String text) {
        String line = Headers.oneLine(text == null ? "" : text);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
