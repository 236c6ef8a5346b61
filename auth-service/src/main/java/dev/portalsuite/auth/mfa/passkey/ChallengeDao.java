package dev.portalsuite.auth.mfa.passkey;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(ChallengeDao.Issued.class)
public interface ChallengeDao {

    @SqlUpdate("""
            INSERT INTO webauthn_challenges (challenge, purpose, user_id, mfa_token_hash, created_at, expires_at)
            VALUES (:challenge, :purpose, :userId, :mfaTokenHash, :now, :expiresAt)
            """)
    void insert(@Bind("challenge") byte[] challenge, @Bind("purpose") String purpose, @Bind("userId") UUID userId,
                @Bind("mfaTokenHash") byte[] mfaTokenHash, @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    /** Spends a challenge the server issued for this purpose; only one caller can, and only before it expires. */
    @SqlQuery("""
            UPDATE webauthn_challenges SET used_at = :now
            WHERE challenge = :challenge AND purpose = :purpose AND used_at IS NULL AND expires_at > :now
            RETURNING user_id, mfa_token_hash
            """)
    Optional<Issued> consume(@Bind("challenge") byte[] challenge, @Bind("purpose") String purpose, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM webauthn_challenges WHERE expires_at < :before")
    int purgeExpiredBefore(@Bind("before") Instant before);

    /** Whom the challenge was issued for: a user (registration, second step) and the sign-in's mfaToken hash, or nobody. */
    record Issued(UUID userId, byte[] mfaTokenHash) {
    }
}
