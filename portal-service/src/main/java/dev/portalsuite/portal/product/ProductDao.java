package dev.portalsuite.portal.product;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(ProductResponse.class)
public interface ProductDao {
    String FILTER = """
            WHERE (CAST(:orgId AS uuid) IS NULL
                   OR EXISTS (SELECT 1 FROM org_products op WHERE op.product_id = p.id AND op.org_id = :orgId))
            """;

    @SqlQuery("SELECT p.id, p.code, p.name FROM products p " + FILTER + " ORDER BY p.code, p.id LIMIT :limit OFFSET :offset")
    List<ProductResponse> list(@Bind("orgId") UUID orgId, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM products p " + FILTER)
    long count(@Bind("orgId") UUID orgId);

    @SqlQuery("SELECT id, code, name FROM products WHERE id = :id")
    Optional<ProductResponse> find(@Bind("id") UUID id);

    @SqlQuery("SELECT id, code, name FROM products WHERE lower(code) = lower(:code)")
    Optional<ProductResponse> findByCode(@Bind("code") String code);

    @SqlUpdate("INSERT INTO products (id, code, name, created_at) VALUES (:id, :code, :name, :now)")
    void insert(@Bind("id") UUID id, @Bind("code") String code, @Bind("name") String name, @Bind("now") Instant now);

    @SqlUpdate("""
            INSERT INTO org_products (org_id, product_id, enabled_at) VALUES (:orgId, :productId, :now)
            ON CONFLICT (org_id, product_id) DO NOTHING
            """)
    int enable(@Bind("orgId") UUID orgId, @Bind("productId") UUID productId, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM org_products WHERE org_id = :orgId AND product_id = :productId")
    int disable(@Bind("orgId") UUID orgId, @Bind("productId") UUID productId);
}
