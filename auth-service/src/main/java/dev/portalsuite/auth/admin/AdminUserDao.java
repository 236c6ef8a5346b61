package dev.portalsuite.auth.admin;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Users with their lockout state, in one query per page. */
@RegisterRecordMapper(AdminUserDao.Row.class)
public interface AdminUserDao {
    String SELECT = """
            SELECT u.id, u.email, u.full_name, u.roles, u.org_id, u.org_type, u.preferences::text AS preferences,
                   u.disabled, u.created_at, u.last_login_at, u.email_verified,
                   COALESCE(a.failed_count, 0) AS failed_attempts,
                   CASE WHEN a.locked_until > :now THEN a.locked_until END AS locked_until,
                   EXISTS (SELECT 1 FROM mfa_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS mfa_totp,
                   (SELECT count(*) FROM webauthn_credentials w WHERE w.user_id = u.id) AS mfa_passkeys
            FROM users u LEFT JOIN login_attempts a ON a.email = u.email
            """;
    String SEARCH = """
            WHERE (CAST(:q AS text) IS NULL OR u.email ILIKE :q OR u.full_name ILIKE :q)
              AND (CAST(:role AS text) IS NULL OR :role = ANY (u.roles))
            """;

    @SqlQuery(SELECT + " WHERE u.id = :id")
    Optional<Row> find(@Bind("id") UUID id, @Bind("now") Instant now);

    @SqlQuery(SELECT + SEARCH + " ORDER BY u.created_at, u.id LIMIT :limit OFFSET :offset")
    List<Row> search(@Bind("q") String likePattern, @Bind("role") String role, @Bind("now") Instant now,
                     @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM users u " + SEARCH)
    long count(@Bind("q") String likePattern, @Bind("role") String role);

    record Row(UUID id, String email, String fullName, String[] roles, UUID orgId, String orgType, String preferences,
               boolean disabled, Instant createdAt, Instant lastLoginAt, boolean emailVerified, int failedAttempts,
               Instant lockedUntil, boolean mfaTotp, int mfaPasskeys) {
    }
}
