package dev.portalsuite.auth.client;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(ServiceClientDao.Row.class)
public interface ServiceClientDao {

    @SqlUpdate("""
            INSERT INTO service_clients (client_id, secret_hash, scopes, created_at, updated_at, created_by)
            VALUES (:clientId, :secretHash, :scopes, :now, :now, :createdBy)
            """)
    void insert(@Bind("clientId") String clientId, @Bind("secretHash") byte[] secretHash,
                @Bind("scopes") String[] scopes, @Bind("now") Instant now, @Bind("createdBy") UUID createdBy);

    /** Inserts unless the client id exists; returns 1 when inserted. */
    @SqlUpdate("""
            INSERT INTO service_clients (client_id, secret_hash, scopes, created_at, updated_at, created_by)
            VALUES (:clientId, :secretHash, :scopes, :now, :now, NULL)
            ON CONFLICT (client_id) DO NOTHING
            """)
    int insertIfAbsent(@Bind("clientId") String clientId, @Bind("secretHash") byte[] secretHash,
                       @Bind("scopes") String[] scopes, @Bind("now") Instant now);

    @SqlQuery("SELECT client_id, secret_hash, scopes, disabled, created_at, updated_at FROM service_clients WHERE client_id = :clientId")
    Optional<Row> find(@Bind("clientId") String clientId);

    @SqlQuery("SELECT client_id, secret_hash, scopes, disabled, created_at, updated_at FROM service_clients "
            + "WHERE client_id = :clientId FOR UPDATE")
    Optional<Row> lock(@Bind("clientId") String clientId);

    @SqlQuery("SELECT client_id, secret_hash, scopes, disabled, created_at, updated_at FROM service_clients "
            + "ORDER BY client_id LIMIT :limit OFFSET :offset")
    List<Row> list(@Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM service_clients")
    long count();

    @SqlUpdate("UPDATE service_clients SET scopes = :scopes, disabled = :disabled, updated_at = :now WHERE client_id = :clientId")
    int update(@Bind("clientId") String clientId, @Bind("scopes") String[] scopes, @Bind("disabled") boolean disabled,
               @Bind("now") Instant now);

    @SqlUpdate("UPDATE service_clients SET secret_hash = :secretHash, updated_at = :now WHERE client_id = :clientId")
    int replaceSecret(@Bind("clientId") String clientId, @Bind("secretHash") byte[] secretHash, @Bind("now") Instant now);

    record Row(String clientId, byte[] secretHash, String[] scopes, boolean disabled, Instant createdAt, Instant updatedAt) {
    }
}
