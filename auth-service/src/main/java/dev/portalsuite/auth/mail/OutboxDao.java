package dev.portalsuite.auth.mail;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(OutboxDao.Row.class)
public interface OutboxDao {

    @SqlUpdate("""
            INSERT INTO mail_outbox (id, kind, recipient, recipient_name, subject, text_body, html_body, created_at, next_attempt_at)
            VALUES (:id, :kind, :recipient, :recipientName, :subject, :text, :html, :now, :now)
            """)
    void insert(@Bind("id") UUID id, @Bind("kind") String kind, @Bind("recipient") String recipient,
                @Bind("recipientName") String recipientName, @Bind("subject") String subject, @Bind("text") String text,
                @Bind("html") String html, @Bind("now") Instant now);

    /**
     * The oldest due pending mail, locked until the claiming transaction ends; rows other instances hold are
     * skipped, so two relays never send the same row at the same time.
     */
    @SqlQuery("""
            SELECT id, kind, recipient, recipient_name, subject, text_body, html_body, attempts, created_at
            FROM mail_outbox
            WHERE status = 'pending' AND next_attempt_at <= :now
            ORDER BY next_attempt_at, created_at
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """)
    Optional<Row> claimDue(@Bind("now") Instant now);

    /** Sent: the bodies (which may hold single-use links) are dropped, the rest is kept for support. */
    @SqlUpdate("""
            UPDATE mail_outbox SET status = 'sent', sent_at = :now, attempts = attempts + 1, text_body = NULL,
                                   html_body = NULL, last_error = NULL
            WHERE id = :id
            """)
    int markSent(@Bind("id") UUID id, @Bind("now") Instant now);

    @SqlUpdate("UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error WHERE id = :id")
    int retryLater(@Bind("id") UUID id, @Bind("next") Instant next, @Bind("error") String error);

    @SqlUpdate("UPDATE mail_outbox SET status = 'failed', attempts = attempts + 1, last_error = :error WHERE id = :id")
    int markFailed(@Bind("id") UUID id, @Bind("error") String error);

    @SqlQuery("SELECT count(*) FROM mail_outbox WHERE status = 'pending'")
    long countPending();

    @SqlQuery("SELECT min(created_at) FROM mail_outbox WHERE status = 'pending'")
    Optional<Instant> oldestPending();

    @SqlUpdate("DELETE FROM mail_outbox WHERE status = 'sent' AND sent_at < :before")
    int purgeSentBefore(@Bind("before") Instant before);

    record Row(UUID id, String kind, String recipient, String recipientName, String subject, String textBody,
               String htmlBody, int attempts, Instant createdAt) {
    }
}
