package dev.portalsuite.auth.mfa.totp;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(TotpDao.Row.class)
public interface TotpDao {

    /** Starts (or restarts) an enrolment; nothing changes when a confirmed authenticator exists. */
    @SqlUpdate("""
            INSERT INTO mfa_totp AS t (user_id, secret_sealed, created_at) VALUES (:userId, :sealed, :now)
            ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, created_at = EXCLUDED.created_at,
                                                last_used_step = -1
            WHERE t.confirmed_at IS NULL
            """)
    int startEnrolment(@Bind("userId") UUID userId, @Bind("sealed") byte[] sealed, @Bind("now") Instant now);

    @SqlQuery("SELECT secret_sealed, created_at, confirmed_at, last_used_step FROM mfa_totp WHERE user_id = :userId")
    Optional<Row> find(@Bind("userId") UUID userId);

    /** Activates the pending secret the code was checked against; the code's step is spent at the same time. */
    @SqlUpdate("""
            UPDATE mfa_totp SET confirmed_at = :now, last_used_step = :step
            WHERE user_id = :userId AND confirmed_at IS NULL AND secret_sealed = :sealed AND last_used_step < :step
            """)
    int confirm(@Bind("userId") UUID userId, @Bind("sealed") byte[] sealed, @Bind("step") long step, @Bind("now") Instant now);

    /**
     * Accepts a code of {@code step} at most once: only a step later than every step accepted before raises the
     * mark, and the row lock makes concurrent requests (on any instance) re-check it, so exactly one wins. A null
     * step (the code matched nothing) runs the same statement and matches no row.
     */
    @SqlUpdate("""
            UPDATE mfa_totp SET last_used_step = :step
            WHERE user_id = :userId AND confirmed_at IS NOT NULL AND last_used_step < CAST(:step AS bigint)
            """)
    int spend(@Bind("userId") UUID userId, @Bind("step") Long step);

    @SqlUpdate("DELETE FROM mfa_totp WHERE user_id = :userId")
    int delete(@Bind("userId") UUID userId);

    record Row(byte[] secretSealed, Instant createdAt, Instant confirmedAt, long lastUsedStep) {
        public boolean confirmed() {
            return confirmedAt != null;
        }
    }
}
