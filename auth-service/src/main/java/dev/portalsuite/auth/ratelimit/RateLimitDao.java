package dev.portalsuite.auth.ratelimit;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface RateLimitDao {
    /** Counts one hit in the window atomically, whichever instance receives it. */
    @SqlQuery("""
            INSERT INTO rate_limit_windows AS w (bucket, window_start, hits) VALUES (:bucket, :windowStart, 1)
            ON CONFLICT (bucket, window_start) DO UPDATE SET hits = w.hits + 1
            RETURNING hits
            """)
    int hit(@Bind("bucket") String bucket, @Bind("windowStart") Instant windowStart);

    @SqlUpdate("DELETE FROM rate_limit_windows WHERE window_start < :before")
    int deleteBefore(@Bind("before") Instant before);
}
