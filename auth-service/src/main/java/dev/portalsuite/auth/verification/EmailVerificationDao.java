package dev.portalsuite.auth.verification;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(EmailVerificationDao.Spent.class)
public interface EmailVerificationDao {
    String VALID = "used_at IS NULL AND voided_at IS NULL AND expires_at > :now";

    @SqlUpdate("""
            INSERT INTO email_verification_tokens (token_hash, user_id, email, created_at, expires_at)
            VALUES (:hash, :userId, :email, :now, :expiresAt)
            """)
    void insert(@Bind("hash") byte[] hash, @Bind("userId") UUID userId, @Bind("email") String email,
                @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    @SqlUpdate("UPDATE email_verification_tokens SET voided_at = :now WHERE user_id = :userId AND used_at IS NULL AND voided_at IS NULL")
    int voidOpen(@Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlQuery("UPDATE email_verification_tokens SET used_at = :now WHERE token_hash = :hash AND " + VALID
            + " RETURNING user_id, email")
    Optional<Spent> spend(@Bind("hash") byte[] hash, @Bind("now") Instant now);

    /** Marks the account verified when its address is still {@code email} (the one the proof was for). */
    @SqlUpdate("UPDATE users SET email_verified = true, updated_at = :now WHERE id = :userId AND email = :email AND NOT email_verified")
    int markVerified(@Bind("userId") UUID userId, @Bind("email") String email, @Bind("now") Instant now);

    /** When the user's newest verification link was sent, if any (resends are spaced out). */
    @SqlQuery("SELECT max(created_at) FROM email_verification_tokens WHERE user_id = :userId")
    Optional<Instant> lastSentAt(@Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM email_verification_tokens WHERE expires_at < :before")
    int purgeExpiredBefore(@Bind("before") Instant before);

    record Spent(UUID userId, String email) {
    }
}
