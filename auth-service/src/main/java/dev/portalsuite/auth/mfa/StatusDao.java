package dev.portalsuite.auth.mfa;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(MfaStatusResponse.Passkey.class)
public interface StatusDao {

    @SqlQuery("SELECT confirmed_at FROM mfa_totp WHERE user_id = :userId AND confirmed_at IS NOT NULL")
    Optional<Instant> totpConfirmedAt(@Bind("userId") UUID userId);

    @SqlQuery("SELECT id, name, created_at, last_used_at FROM webauthn_credentials WHERE user_id = :userId ORDER BY created_at, id")
    List<MfaStatusResponse.Passkey> passkeys(@Bind("userId") UUID userId);

    /** Removes every second factor of a user, with its recovery codes and failed-attempt count (administrator reset). */
    @SqlUpdate("""
            WITH t AS (DELETE FROM mfa_totp WHERE user_id = :userId),
                 w AS (DELETE FROM webauthn_credentials WHERE user_id = :userId),
                 r AS (DELETE FROM mfa_recovery_codes WHERE user_id = :userId)
            DELETE FROM mfa_attempts WHERE user_id = :userId
            """)
    void removeAll(@Bind("userId") UUID userId);
}
