package dev.portalsuite.auth.session;

import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.JoinRow;
import org.jdbi.v3.sqlobject.config.RegisterJoinRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(RefreshTokenDao.Used.class)
public interface RefreshTokenDao {

    @SqlUpdate("INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES (:hash, :sessionId, :now, :expiresAt)")
    void insert(@Bind("hash") byte[] hash, @Bind("sessionId") UUID sessionId, @Bind("now") Instant now,
                @Bind("expiresAt") Instant expiresAt);

    /**
     * A refresh in one statement: spends the token if it is unused, unexpired and its session is alive, touches the
     * session and inserts the next token (expiring with the session's idle timeout, never after its absolute one);
     * returns the session and its user. Only one caller can ever win: concurrent callers re-check
     * {@code used_at IS NULL} after the row lock and match nothing. Empty when the token cannot be spent (nothing
     * changes then).
     */
    @SqlQuery("""
            WITH spent AS (
              UPDATE refresh_tokens rt SET used_at = :now
              FROM sessions s JOIN users u ON u.id = s.user_id
              WHERE rt.token_hash = :hash AND rt.used_at IS NULL AND rt.expires_at > :now
                AND s.id = rt.session_id AND s.revoked_at IS NULL
                AND s.idle_expires_at > :now AND s.absolute_expires_at > :now AND NOT u.disabled
              RETURNING s.id AS session_id, s.user_id AS user_id, s.absolute_expires_at AS absolute_expires_at,
                        s.amr AS amr, s.auth_time AS auth_time, s.enrolment_only AS enrolment_only
            ), touched AS (
              UPDATE sessions SET last_used_at = :now, idle_expires_at = LEAST(:idleExpiresAt, sessions.absolute_expires_at),
                                  ip = COALESCE(:ip, sessions.ip), user_agent = COALESCE(:userAgent, sessions.user_agent)
              FROM spent WHERE sessions.id = spent.session_id
            ), issued AS (
              INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at)
              SELECT :nextHash, spent.session_id, :now, LEAST(:idleExpiresAt, spent.absolute_expires_at) FROM spent
            )
            SELECT spent.session_id, spent.user_id, spent.absolute_expires_at, spent.amr, spent.auth_time, spent.enrolment_only,
            """ + UserDao.COLUMNS + " FROM spent JOIN users ON users.id = spent.user_id")
    @RegisterRecordMapper(UserDao.Row.class)
    @RegisterJoinRowMapper({Used.class, UserDao.Row.class})
    Optional<JoinRow> rotate(@Bind("hash") byte[] hash, @Bind("nextHash") byte[] nextHash, @Bind("now") Instant now,
                             @Bind("idleExpiresAt") Instant idleExpiresAt, @Bind("ip") String ip,
                             @Bind("userAgent") String userAgent);

    /** The session of a token that was already used, if the token is known at all. */
    @SqlQuery("SELECT session_id FROM refresh_tokens WHERE token_hash = :hash AND used_at IS NOT NULL")
    Optional<UUID> sessionOfUsed(@Bind("hash") byte[] hash);

    @SqlQuery("SELECT session_id FROM refresh_tokens WHERE token_hash = :hash")
    Optional<UUID> sessionOf(@Bind("hash") byte[] hash);

    @SqlUpdate("DELETE FROM refresh_tokens WHERE expires_at < :before")
    int purgeExpiredBefore(@Bind("before") Instant before);

    /** Ends the session's unused refresh tokens (a fresh pair replaces them) without counting them as reused. */
    @SqlUpdate("UPDATE refresh_tokens SET expires_at = LEAST(expires_at, :now) WHERE session_id = :sessionId AND used_at IS NULL")
    int expireUnused(@Bind("sessionId") UUID sessionId, @Bind("now") Instant now);

    @SqlQuery("SELECT absolute_expires_at FROM sessions WHERE id = :sessionId")
    Instant absoluteExpiry(@Bind("sessionId") UUID sessionId);

    record Used(UUID sessionId, Instant absoluteExpiresAt, String[] amr, Instant authTime, boolean enrolmentOnly) {
        SessionAuthentication authentication() {
            return new SessionAuthentication(java.util.List.of(amr), authTime, enrolmentOnly);
        }
    }
}
