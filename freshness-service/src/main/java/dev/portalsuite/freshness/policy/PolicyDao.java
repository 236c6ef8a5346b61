package dev.portalsuite.freshness.policy;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(PolicyDao.Row.class)
public interface PolicyDao {

    @SqlQuery("SELECT product, fresh_max_days, caution_max_days, updated_at FROM policies ORDER BY lower(product), product")
    List<Row> all();

    @SqlQuery("SELECT product, fresh_max_days, caution_max_days, updated_at FROM policies WHERE lower(product) = lower(:product) FOR UPDATE")
    Optional<Row> lockByProduct(@Bind("product") String product);

    /** Creates or replaces the policy of a product (matched case-insensitively; the spelling given last wins). */
    @SqlUpdate("""
            INSERT INTO policies (product, fresh_max_days, caution_max_days, updated_at, updated_by)
            VALUES (:product, :fresh, :caution, :now, :actor)
            ON CONFLICT ((lower(product))) DO UPDATE
               SET product = EXCLUDED.product, fresh_max_days = EXCLUDED.fresh_max_days,
                   caution_max_days = EXCLUDED.caution_max_days, updated_at = EXCLUDED.updated_at,
                   updated_by = EXCLUDED.updated_by
            """)
    void upsert(@Bind("product") String product, @Bind("fresh") int freshMaxDays, @Bind("caution") int cautionMaxDays,
                @Bind("now") Instant now, @Bind("actor") String actor);

    @SqlUpdate("DELETE FROM policies WHERE lower(product) = lower(:product)")
    int delete(@Bind("product") String product);

    record Row(String product, int freshMaxDays, int cautionMaxDays, Instant updatedAt) {
    }
}
