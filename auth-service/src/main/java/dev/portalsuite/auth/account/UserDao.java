package dev.portalsuite.auth.account;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(UserDao.Row.class)
public interface UserDao {
    String COLUMNS = "id, email, full_name, password_hash, roles, org_id, org_type, preferences::text AS preferences, "
            + "disabled, created_at, updated_at, last_login_at, email_verified";

    @SqlUpdate("""
            INSERT INTO users (id, email, full_name, password_hash, roles, org_id, org_type, created_at, updated_at)
            VALUES (:id, :email, :fullName, :passwordHash, :roles, :orgId, :orgType, :now, :now)
            """)
    void insert(@Bind("id") UUID id, @Bind("email") String email, @Bind("fullName") String fullName,
                @Bind("passwordHash") String passwordHash, @Bind("roles") String[] roles, @Bind("orgId") UUID orgId,
                @Bind("orgType") String orgType, @Bind("now") Instant now);

    /** Inserts unless the email exists; returns 1 when inserted. */
    @SqlUpdate("""
            INSERT INTO users (id, email, full_name, password_hash, roles, org_id, org_type, created_at, updated_at)
            VALUES (:id, :email, :fullName, :passwordHash, :roles, :orgId, :orgType, :now, :now)
            ON CONFLICT (email) DO NOTHING
            """)
    int insertIfAbsent(@Bind("id") UUID id, @Bind("email") String email, @Bind("fullName") String fullName,
                       @Bind("passwordHash") String passwordHash, @Bind("roles") String[] roles, @Bind("orgId") UUID orgId,
                       @Bind("orgType") String orgType, @Bind("now") Instant now);

    /** Serialises bootstrap-admin creation across instances until the transaction ends. */
    @SqlQuery("SELECT pg_advisory_xact_lock(hashtextextended('auth:bootstrap-admin', 0)) IS NOT NULL")
    boolean lockBootstrapAdmin();

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<Row> findById(@Bind("id") UUID id);

    /** The user of a live session, if the user is not disabled: the check on every token auth-service accepts. */
    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :userId AND NOT disabled AND EXISTS (SELECT 1 FROM sessions s"
            + " WHERE s.id = :sessionId AND s.user_id = users.id AND s.revoked_at IS NULL"
            + " AND s.idle_expires_at > :now AND s.absolute_expires_at > :now)")
    Optional<Row> findByLiveSession(@Bind("sessionId") UUID sessionId, @Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
    Optional<Row> findByEmail(@Bind("email") String email);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE 'admin' = ANY (roles) AND NOT disabled)")
    boolean anyActiveAdmin();

    @SqlUpdate("UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id")
    int updatePasswordHash(@Bind("id") UUID id, @Bind("hash") String hash, @Bind("now") Instant now);

    @SqlUpdate("UPDATE users SET last_login_at = :now WHERE id = :id")
    void recordLogin(@Bind("id") UUID id, @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE users SET full_name = COALESCE(:fullName, full_name),
                             preferences = COALESCE(CAST(:preferences AS jsonb), preferences),
                             updated_at = :now
            WHERE id = :id
            """)
    int updateProfile(@Bind("id") UUID id, @Bind("fullName") String fullName, @Bind("preferences") String preferences,
                      @Bind("now") Instant now);

    @SqlUpdate("""
            UPDATE users SET roles = :roles, org_id = :orgId, org_type = :orgType, disabled = :disabled, updated_at = :now
            WHERE id = :id
            """)
    int updateAccount(@Bind("id") UUID id, @Bind("roles") String[] roles, @Bind("orgId") UUID orgId,
                      @Bind("orgType") String orgType, @Bind("disabled") boolean disabled, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM users WHERE id = :id")
    int delete(@Bind("id") UUID id);

    String SEARCH = """
            WHERE (CAST(:q AS text) IS NULL OR email ILIKE :q OR full_name ILIKE :q)
              AND (CAST(:role AS text) IS NULL OR :role = ANY (roles))
            """;

    @SqlQuery("SELECT " + COLUMNS + " FROM users " + SEARCH + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
    List<Row> search(@Bind("q") String likePattern, @Bind("role") String role, @Bind("limit") int limit,
                     @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM users " + SEARCH)
    long count(@Bind("q") String likePattern, @Bind("role") String role);

    record Row(UUID id, String email, String fullName, String passwordHash, String[] roles, UUID orgId,
               String orgType, String preferences, boolean disabled, Instant createdAt, Instant updatedAt,
               Instant lastLoginAt, boolean emailVerified) {
        public User toUser() {
            return new User(id, email, fullName, passwordHash, Arrays.asList(roles), orgId, orgType, preferences,
                    disabled, createdAt, updatedAt, lastLoginAt, emailVerified);
        }
    }
}
