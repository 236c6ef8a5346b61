package dev.portalsuite.console.session;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(SessionDao.Row.class)
interface SessionDao {
    String LIVE = "expires_at > :now AND last_seen_at > :idleBefore";

    @SqlUpdate("""
            INSERT INTO sessions (id_hash, csrf_token, user_id, profile, tokens, access_expires_at, created_at, last_seen_at, expires_at)
            VALUES (:idHash, :csrfToken, :userId, :profile, :tokens, :accessExpiresAt, :now, :now, :expiresAt)
            """)
    void insert(@Bind("idHash") byte[] idHash, @Bind("csrfToken") String csrfToken, @Bind("userId") UUID userId,
                @Bind("profile") String profile, @Bind("tokens") byte[] tokens,
                @Bind("accessExpiresAt") Instant accessExpiresAt, @Bind("now") Instant now,
                @Bind("expiresAt") Instant expiresAt);

    @SqlQuery("SELECT * FROM sessions WHERE id_hash = :idHash AND " + LIVE)
    Optional<Row> find(@Bind("idHash") byte[] idHash, @Bind("now") Instant now, @Bind("idleBefore") Instant idleBefore);

    /** The row, locked until the transaction ends: one refresh at a time per session, across instances. */
    @SqlQuery("SELECT * FROM sessions WHERE id_hash = :idHash AND " + LIVE + " FOR UPDATE")
    Optional<Row> lock(@Bind("idHash") byte[] idHash, @Bind("now") Instant now, @Bind("idleBefore") Instant idleBefore);

    @SqlUpdate("UPDATE sessions SET tokens = :tokens, profile = :profile, access_expires_at = :accessExpiresAt WHERE id_hash = :idHash")
    void updateTokens(@Bind("idHash") byte[] idHash, @Bind("tokens") byte[] tokens, @Bind("profile") String profile,
                      @Bind("accessExpiresAt") Instant accessExpiresAt);

    @SqlUpdate("UPDATE sessions SET profile = :profile WHERE id_hash = :idHash")
    void updateProfile(@Bind("idHash") byte[] idHash, @Bind("profile") String profile);

    /** Idle time counts from the last request; written at most once a minute per session. */
    @SqlUpdate("UPDATE sessions SET last_seen_at = :now WHERE id_hash = :idHash AND last_seen_at < :before")
    void touch(@Bind("idHash") byte[] idHash, @Bind("now") Instant now, @Bind("before") Instant before);

    @SqlUpdate("DELETE FROM sessions WHERE id_hash = :idHash")
    int delete(@Bind("idHash") byte[] idHash);

    @SqlUpdate("DELETE FROM sessions WHERE user_id = :userId")
    int deleteAllOf(@Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM sessions WHERE expires_at <= :now OR last_seen_at <= :idleBefore")
    int purge(@Bind("now") Instant now, @Bind("idleBefore") Instant idleBefore);

    record Row(byte[] idHash, String csrfToken, UUID userId, String profile, byte[] tokens, Instant accessExpiresAt,
               Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }
}
