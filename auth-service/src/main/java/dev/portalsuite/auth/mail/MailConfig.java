package dev.portalsuite.auth.mail;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Mail settings: the SMTP server (none in development: mails then wait in the outbox), the sender address, the
 * console origin that links point to, and how the outbox relay retries.
 *
 * @param smtp          empty when {@code SMTP_HOST} is unset (development only)
 * @param from          {@code MAIL_FROM}, e.g. {@code Portal Suite <no-reply@example.com>}
 * @param pollInterval  how often each instance looks for due mails ({@code MAIL_POLL_INTERVAL})
 * @param retryInitial  the first retry's delay, doubled for each later one ({@code MAIL_RETRY_INITIAL})
 * @param retryMax      the longest delay between two tries ({@code MAIL_RETRY_MAX})
 * @param maxAttempts   tries before a mail is given up as {@code failed} ({@code MAIL_MAX_ATTEMPTS})
 */
public record MailConfig(
        Optional<SmtpSettings> smtp,
        InternetAddress from,
        URI consoleBaseUrl,
        Duration pollInterval,
        Duration retryInitial,
        Duration retryMax,
        int maxAttempts) {

    public static final String DEFAULT_FROM = "Portal Suite <no-reply@localhost>";
    public static final String DEFAULT_CONSOLE_BASE_URL = "http://localhost:8080";

    public static MailConfig fromEnv(Env env, boolean production) {
        Optional<String> host = env.optional("SMTP_HOST");
        if (production && host.isEmpty()) {
            throw new ConfigException("SMTP_HOST is required when PORTAL_ENV=production (mails would never leave the outbox)");
        }
        Optional<SmtpSettings> smtp = host.map(h -> smtp(env, h, production));
        if (host.isEmpty()) {
            for (String name : new String[] {"SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_TLS"}) {
                if (env.optional(name).isPresent()) {
                    throw new ConfigException(name + " is set but SMTP_HOST is not");
                }
            }
        }
        Optional<String> fromRaw = env.optional("MAIL_FROM");
        if (production && fromRaw.isEmpty()) {
            throw new ConfigException("MAIL_FROM is required when PORTAL_ENV=production");
        }
        InternetAddress from = address("MAIL_FROM", fromRaw.orElse(DEFAULT_FROM));
        Optional<String> consoleRaw = env.optional("CONSOLE_BASE_URL");
        if (production && consoleRaw.isEmpty()) {
            throw new ConfigException("CONSOLE_BASE_URL is required when PORTAL_ENV=production (links in mails point to it)");
        }
        URI console = env.uri("CONSOLE_BASE_URL", DEFAULT_CONSOLE_BASE_URL);
        if (console.getRawQuery() != null || console.getRawFragment() != null) {
            throw new ConfigException("CONSOLE_BASE_URL must be an origin with an optional path, got '" + console + "'");
        }
        if (production && !"https".equals(console.getScheme())) {
            throw new ConfigException("CONSOLE_BASE_URL must be https when PORTAL_ENV=production, got '" + console + "'");
        }
        Duration retryInitial = env.duration("MAIL_RETRY_INITIAL", Duration.ofMinutes(1), false);
        Duration retryMax = env.duration("MAIL_RETRY_MAX", Duration.ofHours(1), false);
        if (retryInitial.compareTo(retryMax) > 0) {
            throw new ConfigException("MAIL_RETRY_INITIAL must not be longer than MAIL_RETRY_MAX");
        }
        return new MailConfig(smtp, from, withoutTrailingSlash(console),
                env.duration("MAIL_POLL_INTERVAL", Duration.ofSeconds(5), false),
                retryInitial, retryMax,
                env.integer("MAIL_MAX_ATTEMPTS", 10, 1, 100));
    }

    private static SmtpSettings smtp(Env env, String host, boolean production) {
        if (host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new ConfigException("SMTP_HOST must be a host name or address, got '" + host + "'");
        }
        String tlsRaw = env.string("SMTP_TLS", "starttls").toUpperCase(Locale.ROOT);
        SmtpSettings.Tls tls;
        try {
            tls = SmtpSettings.Tls.valueOf(tlsRaw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SMTP_TLS must be starttls, smtps or none, got '" + env.string("SMTP_TLS", "") + "'");
        }
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        if (production && tls == SmtpSettings.Tls.NONE && !loopback) {
            throw new ConfigException("SMTP_TLS=none is only allowed for a loopback SMTP_HOST when PORTAL_ENV=production");
        }
        Optional<String> user = env.optional("SMTP_USERNAME");
        Optional<String> password = env.optional("SMTP_PASSWORD");
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException("SMTP_USERNAME and SMTP_PASSWORD must be set together");
        }
        int port = env.integer("SMTP_PORT", tls.defaultPort(), 1, 65535);
        return new SmtpSettings(host, port, user, password, tls);
    }

    private static InternetAddress address(String name, String raw) {
        if (raw.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            throw new ConfigException(name + " must be one line");
        }
        try {
            InternetAddress address = new InternetAddress(raw, true);
            if (address.isGroup() || address.getAddress() == null || !address.getAddress().contains("@")) {
                throw new ConfigException(name + " must be one address such as 'Portal Suite <no-reply@example.com>', got '" + raw + "'");
            }
            return address;
        } catch (AddressException e) {
            throw new ConfigException(name + " must be an address such as 'Portal Suite <no-reply@example.com>', got '" + raw + "'");
        }
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    /** A console page with query parameters already encoded by the caller. */
    public String link(String pathAndQuery) {
        return consoleBaseUrl + pathAndQuery;
    }

    @Override
    public String toString() {
        return "MailConfig[smtp=" + smtp.map(Object::toString).orElse("none (mails stay in the outbox)") + ", from="
                + from.getAddress() + ", console=" + consoleBaseUrl + "]";
    }
}
