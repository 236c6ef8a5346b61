package dev.portalsuite.auth.mfa.passkey;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(PasskeyDao.Row.class)
public interface PasskeyDao {
    String COLUMNS = "id, user_id, credential_id, name, credential_record, sign_count, backup_eligible, backup_state, created_at, last_used_at";

    @SqlUpdate("""
            INSERT INTO webauthn_credentials (id, user_id, credential_id, name, credential_record, sign_count, backup_eligible,
                                              backup_state, created_at)
            VALUES (:id, :userId, :credentialId, :name, :record, :signCount, :backupEligible, :backupState, :now)
            """)
    void insert(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("credentialId") byte[] credentialId,
                @Bind("name") String name, @Bind("record") byte[] record, @Bind("signCount") long signCount,
                @Bind("backupEligible") boolean backupEligible, @Bind("backupState") boolean backupState,
                @Bind("now") Instant now);

    @SqlQuery("SELECT " + COLUMNS + " FROM webauthn_credentials WHERE credential_id = :credentialId")
    Optional<Row> findByCredentialId(@Bind("credentialId") byte[] credentialId);

    @SqlQuery("SELECT " + COLUMNS + " FROM webauthn_credentials WHERE id = :id AND user_id = :userId")
    Optional<Row> findOwn(@Bind("id") UUID id, @Bind("userId") UUID userId);

    @SqlQuery("SELECT credential_id FROM webauthn_credentials WHERE user_id = :userId ORDER BY created_at, id")
    List<byte[]> credentialIds(@Bind("userId") UUID userId);

    /**
     * Records a use. The counter may only grow (or stay 0 for authenticators that keep none), so a cloned
     * authenticator replaying an older counter loses the race here even if it passed verification concurrently.
     */
    @SqlUpdate("""
            UPDATE webauthn_credentials SET sign_count = :signCount, backup_state = :backupState, last_used_at = :now
            WHERE id = :id AND (sign_count < :signCount OR (sign_count = 0 AND :signCount = 0))
            """)
    int recordUse(@Bind("id") UUID id, @Bind("signCount") long signCount, @Bind("backupState") boolean backupState,
                  @Bind("now") Instant now);

    @SqlUpdate("UPDATE webauthn_credentials SET name = :name WHERE id = :id AND user_id = :userId")
    int rename(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("name") String name);

    @SqlUpdate("DELETE FROM webauthn_credentials WHERE id = :id AND user_id = :userId")
    int delete(@Bind("id") UUID id, @Bind("userId") UUID userId);

    record Row(UUID id, UUID userId, byte[] credentialId, String name, byte[] credentialRecord, long signCount,
               boolean backupEligible, boolean backupState, Instant createdAt, Instant lastUsedAt) {
    }
}
