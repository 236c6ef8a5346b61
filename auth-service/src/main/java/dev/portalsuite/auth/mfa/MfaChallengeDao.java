package dev.portalsuite.auth.mfa;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(MfaChallengeDao.Row.class)
public interface MfaChallengeDao {

    @SqlUpdate("""
            INSERT INTO mfa_challenges (token_hash, user_id, amr, created_at, expires_at)
            VALUES (:hash, :userId, :amr, :now, :expiresAt)
            """)
    void insert(@Bind("hash") byte[] hash, @Bind("userId") UUID userId, @Bind("amr") String[] amr,
                @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("SELECT user_id, amr, expires_at, used_at FROM mfa_challenges WHERE token_hash = :hash")
    Optional<Row> find(@Bind("hash") byte[] hash);

    /** Spends the challenge; only one of several concurrent callers can. */
    @SqlUpdate("UPDATE mfa_challenges SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
    int consume(@Bind("hash") byte[] hash, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM mfa_challenges WHERE expires_at < :before")
    int purgeExpiredBefore(@Bind("before") Instant before);

    record Row(UUID userId, String[] amr, Instant expiresAt, Instant usedAt) {
        boolean usableAt(Instant now) {
            return usedAt == null && expiresAt.isAfter(now);
        }
    }
}
