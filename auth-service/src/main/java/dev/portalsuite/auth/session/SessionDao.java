package dev.portalsuite.auth.session;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(SessionDao.Row.class)
@RegisterRecordMapper(SessionDao.Authentication.class)
public interface SessionDao {
    String ACTIVE = "revoked_at IS NULL AND idle_expires_at > :now AND absolute_expires_at > :now";

    @SqlUpdate("""
            INSERT INTO sessions (id, user_id, created_at, last_used_at, idle_expires_at, absolute_expires_at, user_agent, ip,
                                  amr, auth_time, enrolment_only)
            VALUES (:id, :userId, :now, :now, :idleExpiresAt, :absoluteExpiresAt, :userAgent, :ip, :amr, :authTime, :enrolmentOnly)
            """)
    void insert(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("now") Instant now,
                @Bind("idleExpiresAt") Instant idleExpiresAt, @Bind("absoluteExpiresAt") Instant absoluteExpiresAt,
                @Bind("userAgent") String userAgent, @Bind("ip") String ip, @Bind("amr") String[] amr,
                @Bind("authTime") Instant authTime, @Bind("enrolmentOnly") boolean enrolmentOnly);

    /** Records a new authentication on an alive session of the user (a step-up, or a confirmed first factor). */
    @SqlUpdate("""
            UPDATE sessions SET amr = :amr, auth_time = :authTime, enrolment_only = :enrolmentOnly, last_used_at = :now
            WHERE id = :id AND user_id = :userId AND
            """ + ACTIVE)
    int reauthenticate(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("amr") String[] amr,
                       @Bind("authTime") Instant authTime, @Bind("enrolmentOnly") boolean enrolmentOnly,
                       @Bind("now") Instant now);

    @SqlQuery("SELECT amr, auth_time, enrolment_only FROM sessions WHERE id = :id")
    Optional<Authentication> authentication(@Bind("id") UUID id);

    @SqlUpdate("UPDATE sessions SET revoked_at = :now, revoked_reason = :reason WHERE id = :id AND revoked_at IS NULL")
    int revoke(@Bind("id") UUID id, @Bind("now") Instant now, @Bind("reason") String reason);

    @SqlUpdate("UPDATE sessions SET revoked_at = :now, revoked_reason = :reason WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
    int revokeOwn(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("now") Instant now, @Bind("reason") String reason);

    @SqlUpdate("""
            UPDATE sessions SET revoked_at = :now, revoked_reason = :reason
            WHERE user_id = :userId AND revoked_at IS NULL AND (CAST(:keep AS uuid) IS NULL OR id <> :keep)
            """)
    int revokeAllOfUser(@Bind("userId") UUID userId, @Bind("keep") UUID keep, @Bind("now") Instant now,
                        @Bind("reason") String reason);

    @SqlQuery("SELECT * FROM sessions WHERE user_id = :userId AND " + ACTIVE
            + " ORDER BY last_used_at DESC, id LIMIT :limit OFFSET :offset")
    List<Row> listActive(@Bind("userId") UUID userId, @Bind("now") Instant now, @Bind("limit") int limit,
                         @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM sessions WHERE user_id = :userId AND " + ACTIVE)
    long countActive(@Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlQuery("SELECT * FROM sessions WHERE id = :id")
    Optional<Row> find(@Bind("id") UUID id);

    @SqlUpdate("DELETE FROM sessions WHERE absolute_expires_at < :before OR revoked_at < :before")
    int purgeEndedBefore(@Bind("before") Instant before);

    record Authentication(String[] amr, Instant authTime, boolean enrolmentOnly) {
        SessionAuthentication toSessionAuthentication() {
            return new SessionAuthentication(List.of(amr), authTime, enrolmentOnly);
        }
    }

    record Row(UUID id, UUID userId, Instant createdAt, Instant lastUsedAt, Instant idleExpiresAt,
               Instant absoluteExpiresAt, Instant revokedAt, String revokedReason, String userAgent, String ip) {
    }
}
