package dev.portalsuite.auth.login;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(LoginAttemptDao.State.class)
public interface LoginAttemptDao {

    /**
     * Takes one of the {@code max} attempts before the password is checked. The row lock makes concurrent
     * guesses queue here, so no more than {@code max} can ever pass; returns the attempt number, or
     * nothing when the email is locked or its attempts are all taken. An expired lock, or a count
     * abandoned for longer than the lock duration, starts afresh.
     */
    @SqlQuery("""
            INSERT INTO login_attempts AS a (email, failed_count, locked_until, updated_at)
            VALUES (:email, 1, NULL, :now)
            ON CONFLICT (email) DO UPDATE SET
                failed_count = CASE WHEN a.locked_until <= :now OR a.updated_at <= :staleBefore THEN 1
                                    ELSE a.failed_count + 1 END,
                locked_until = NULL,
                updated_at = :now
            WHERE a.locked_until <= :now
               OR a.updated_at <= :staleBefore
               OR (a.locked_until IS NULL AND a.failed_count < :max)
            RETURNING failed_count
            """)
    Optional<Integer> reserve(@Bind("email") String email, @Bind("max") int max, @Bind("now") Instant now,
                              @Bind("staleBefore") Instant staleBefore);

    @SqlUpdate("""
            UPDATE login_attempts SET locked_until = :until, updated_at = :now
            WHERE email = :email AND failed_count >= :max AND locked_until IS NULL
            """)
    int lock(@Bind("email") String email, @Bind("max") int max, @Bind("until") Instant until, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM login_attempts WHERE email = :email")
    int clear(@Bind("email") String email);

    /** Gives back an attempt that was reserved but never checked (the server was too busy). */
    @SqlUpdate("""
            UPDATE login_attempts SET failed_count = failed_count - 1
            WHERE email = :email AND failed_count > 0 AND locked_until IS NULL
            """)
    int release(@Bind("email") String email);

    @SqlQuery("SELECT failed_count, locked_until, updated_at FROM login_attempts WHERE email = :email")
    Optional<State> find(@Bind("email") String email);

    @SqlUpdate("DELETE FROM login_attempts WHERE updated_at < :before AND (locked_until IS NULL OR locked_until < :before)")
    int purgeBefore(@Bind("before") Instant before);

    record State(int failedCount, Instant lockedUntil, Instant updatedAt) {
    }
}
