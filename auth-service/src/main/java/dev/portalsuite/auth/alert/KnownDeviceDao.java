package dev.portalsuite.auth.alert;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface KnownDeviceDao {

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM known_devices WHERE user_id = :userId)")
    boolean anyFor(@Bind("userId") UUID userId);

    /** Records the sign-in; returns when the device was seen before it (empty when never). */
    @SqlQuery("""
            WITH previous AS (
                SELECT last_seen_at FROM known_devices
                WHERE user_id = :userId AND user_agent = :userAgent AND network = :network FOR UPDATE)
            , upsert AS (
                INSERT INTO known_devices AS d (user_id, user_agent, network, first_seen_at, last_seen_at)
                VALUES (:userId, :userAgent, :network, :now, :now)
                ON CONFLICT (user_id, user_agent, network) DO UPDATE SET last_seen_at = :now)
            SELECT (SELECT last_seen_at FROM previous)
            """)
    Optional<Instant> seen(@Bind("userId") UUID userId, @Bind("userAgent") String userAgent,
                           @Bind("network") String network, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM known_devices WHERE last_seen_at < :before")
    int forgetBefore(@Bind("before") Instant before);
}
