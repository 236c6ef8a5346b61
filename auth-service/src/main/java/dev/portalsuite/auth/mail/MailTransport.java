package dev.portalsuite.auth.mail;

/** Hands mails to a mail server. One {@link Connection} serves a batch of mails. */
public interface MailTransport {

    Connection open();

    /** An open (or lazily opened) session with the server. */
    interface Connection extends AutoCloseable {
        /**
         * Sends one outbox row.
         *
         * @throws Permanent when this mail can never be delivered (bad address, refused recipient)
         * @throws Transient when trying again later may work (server down, 4xx, timeout)
         */
        void send(OutboxDao.Row mail);

        @Override
        void close();
    }

    /** This mail can never be delivered as it is. */
    final class Permanent extends RuntimeException {
        public Permanent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Trying again later may work. {@code serverUnreachable} means no mail can go out right now, so the relay stops
     * its batch instead of failing every mail in turn.
     */
    final class Transient extends RuntimeException {
        private final boolean serverUnreachable;

        public Transient(String message, Throwable cause, boolean serverUnreachable) {
            super(message, cause);
            this.serverUnreachable = serverUnreachable;
        }

        public boolean serverUnreachable() {
            return serverUnreachable;
        }
    }
}
