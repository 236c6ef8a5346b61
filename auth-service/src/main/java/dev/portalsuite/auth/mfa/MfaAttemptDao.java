package dev.portalsuite.auth.mfa;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The failed-second-step counter per account; the same claim-before-check scheme as the password lockout. */
public interface MfaAttemptDao {

    /**
     * Claims one of the {@code max} attempts before a code is checked. The row lock makes concurrent guesses
     * queue here, so no more than {@code max} can ever be checked; empty when the step is locked or every attempt
     * is taken. An expired lock, or a count untouched for longer than the lock duration, starts afresh.
     */
    @SqlQuery("""
            INSERT INTO mfa_attempts AS a (user_id, failed_count, locked_until, updated_at)
            VALUES (:userId, 1, NULL, :now)
            ON CONFLICT (user_id) DO UPDATE SET
                failed_count = CASE WHEN a.locked_until <= :now OR a.updated_at <= :staleBefore THEN 1
                                    ELSE a.failed_count + 1 END,
                locked_until = NULL,
                updated_at = :now
            WHERE a.locked_until <= :now
               OR a.updated_at <= :staleBefore
               OR (a.locked_until IS NULL AND a.failed_count < :max)
            RETURNING failed_count
            """)
    Optional<Integer> claim(@Bind("userId") UUID userId, @Bind("max") int max, @Bind("now") Instant now,
                            @Bind("staleBefore") Instant staleBefore);

    @SqlUpdate("""
            UPDATE mfa_attempts SET locked_until = :until, updated_at = :now
            WHERE user_id = :userId AND failed_count >= :max AND locked_until IS NULL
            """)
    int lock(@Bind("userId") UUID userId, @Bind("max") int max, @Bind("until") Instant until, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE mfa_attempts SET failed_count = failed_count - 1
            WHERE user_id = :userId AND failed_count > 0 AND locked_until IS NULL
            """)
    int release(@Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM mfa_attempts WHERE user_id = :userId")
    int clear(@Bind("userId") UUID userId);

    @SqlQuery("SELECT locked_until FROM mfa_attempts WHERE user_id = :userId AND locked_until > :now")
    Optional<Instant> lockedUntil(@Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM mfa_attempts WHERE updated_at < :before AND (locked_until IS NULL OR locked_until < :before)")
    int purgeBefore(@Bind("before") Instant before);
}
