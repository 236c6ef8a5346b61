package dev.portalsuite.auth.ratelimit;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(RateLimitDao.Counts.class)
public interface RateLimitDao {
    /**
     * Counts one hit in the current window atomically, whichever instance receives it, and returns it with the
     * previous window's count.
     */
    @SqlQuery("""
            WITH hit AS (
                INSERT INTO rate_limit_windows AS w (bucket, window_start, hits) VALUES (:bucket, :windowStart, 1)
                ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
                RETURNING hits
            )
            SELECT hit.hits AS current,
                   coalesce((SELECT p.hits FROM rate_limit_windows p
                             WHERE p.bucket = :bucket AND p.window_start = :previousStart), 0) AS previous
            FROM hit
            """)
    Counts hit(@Bind("bucket") String bucket, @Bind("windowStart") Instant windowStart,
               @Bind("previousStart") Instant previousStart);

    @SqlUpdate("DELETE FROM rate_limit_windows WHERE window_start < :before")
    int deleteBefore(@Bind("before") Instant before);

    record Counts(int current, int previous) {
    }
}
