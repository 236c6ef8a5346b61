package dev.portalsuite.auth.mail;

import java.util.Optional;

/** Where mail is handed over: an SMTP server, with or without TLS and credentials. */
public record SmtpSettings(String host, int port, Optional<String> username, Optional<String> password, Tls tls) {

    /** {@code starttls}: plain connection upgraded (required); {@code smtps}: TLS from the first byte; {@code none}. */
    public enum Tls {
        STARTTLS(587), SMTPS(465), NONE(25);

        private final int defaultPort;

        Tls(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + host + ":" + port + ", tls=" + tls + ", auth=" + username.isPresent() + "]";
    }
}
