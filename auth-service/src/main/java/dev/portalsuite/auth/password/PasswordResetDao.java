package dev.portalsuite.auth.password;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface PasswordResetDao {
    String VALID = "used_at IS NULL AND voided_at IS NULL AND expires_at > :now";

    @SqlUpdate("INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at) VALUES (:hash, :userId, :now, :expiresAt)")
    void insert(@Bind("hash") byte[] hash, @Bind("userId") UUID userId, @Bind("now") Instant now,
                @Bind("expiresAt") Instant expiresAt);

    /** Voids every unused link of the user (a newer one was sent, or the password was just reset). */
    @SqlUpdate("UPDATE password_reset_tokens SET voided_at = :now WHERE user_id = :userId AND used_at IS NULL AND voided_at IS NULL")
    int voidOpen(@Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlQuery("SELECT user_id FROM password_reset_tokens WHERE token_hash = :hash AND " + VALID)
    Optional<UUID> findValid(@Bind("hash") byte[] hash, @Bind("now") Instant now);

    /** Uses the link once: a concurrent second use waits for the row lock, re-checks and matches nothing. */
    @SqlQuery("UPDATE password_reset_tokens SET used_at = :now WHERE token_hash = :hash AND " + VALID + " RETURNING user_id")
    Optional<UUID> spend(@Bind("hash") byte[] hash, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM login_attempts WHERE email = :email")
    int clearLockout(@Bind("email") String email);

    @SqlQuery("SELECT provider FROM user_identities WHERE user_id = :userId ORDER BY provider")
    List<String> providersOf(@Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM password_reset_tokens WHERE expires_at < :before")
    int purgeExpiredBefore(@Bind("before") Instant before);
}
