package dev.portalsuite.auth.mfa.recovery;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface RecoveryCodeDao {

    @SqlUpdate("DELETE FROM mfa_recovery_codes WHERE user_id = :userId")
    int deleteAll(@Bind("userId") UUID userId);

    @SqlBatch("INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (:userId, :hash, :now)")
    void insert(@Bind("userId") UUID userId, @Bind("hash") Iterable<byte[]> hashes, @Bind("now") Instant now);

    /** Spends an unused code; the row lock lets only one of several concurrent requests spend it. */
    @SqlUpdate("UPDATE mfa_recovery_codes SET used_at = :now WHERE user_id = :userId AND code_hash = :hash AND used_at IS NULL")
    int spend(@Bind("userId") UUID userId, @Bind("hash") byte[] hash, @Bind("now") Instant now);

    @SqlQuery("SELECT count(*) FROM mfa_recovery_codes WHERE user_id = :userId AND used_at IS NULL")
    int remaining(@Bind("userId") UUID userId);
}
