package dev.portalsuite.auth.invite;

import dev.portalsuite.shared.db.RegisterRecordMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterRecordMapper(InviteDao.Row.class)
@RegisterRecordMapper(InviteDao.Grant.class)
public interface InviteDao {
    /** Open = neither accepted nor revoked nor expired. */
    String OPEN = "accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now";
    String STATUS = """
            CASE WHEN accepted_at IS NOT NULL THEN 'ACCEPTED'
                 WHEN revoked_at IS NOT NULL THEN 'REVOKED'
                 WHEN expires_at <= :now THEN 'EXPIRED'
                 ELSE 'PENDING' END""";
    String COLUMNS = "id, email, role, org_id, org_type, created_at, expires_at, accepted_at, revoked_at, "
            + STATUS + " AS status";
    String FILTER = """
            WHERE (:all OR org_path @> ARRAY[CAST(:org AS uuid)])
              AND (CAST(:status AS text) IS NULL OR (""" + STATUS + ") = :status)";

    @SqlUpdate("""
            INSERT INTO invites (id, email, role, org_id, org_type, org_path, token_hash, created_by, created_at, expires_at)
            VALUES (:id, :email, :role, :orgId, :orgType, :orgPath, :tokenHash, :createdBy, :now, :expiresAt)
            """)
    void insert(@Bind("id") UUID id, @Bind("email") String email, @Bind("role") String role, @Bind("orgId") UUID orgId,
                @Bind("orgType") String orgType, @Bind("orgPath") UUID[] orgPath, @Bind("tokenHash") byte[] tokenHash,
                @Bind("createdBy") UUID createdBy, @Bind("now") Instant now, @Bind("expiresAt") Instant expiresAt);

    /** Serialises invite creation for one email, so two concurrent invites cannot both pass the duplicate check. */
    @SqlQuery("SELECT pg_advisory_xact_lock(hashtextextended('invite:' || :email, 0)) IS NOT NULL")
    boolean lockEmail(@Bind("email") String email);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM invites WHERE email = :email AND org_id IS NOT DISTINCT FROM :orgId AND " + OPEN + ")")
    boolean openInviteExists(@Bind("email") String email, @Bind("orgId") UUID orgId, @Bind("now") Instant now);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM users WHERE email = :email)")
    boolean accountExists(@Bind("email") String email);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM invites WHERE token_hash = :tokenHash AND email = :email AND " + OPEN + ")")
    boolean redeemable(@Bind("tokenHash") byte[] tokenHash, @Bind("email") String email, @Bind("now") Instant now);

    /**
     * Marks the invite of a token accepted when it is still open and was issued for {@code email}. Single use:
     * a concurrent caller waits for the row lock, re-checks {@code accepted_at IS NULL} and matches nothing.
     */
    @SqlQuery("UPDATE invites SET accepted_at = :now, accepted_by = :userId "
            + "WHERE token_hash = :tokenHash AND email = :email AND " + OPEN
            + " RETURNING id, role, org_id, org_type")
    Optional<Grant> acceptByToken(@Bind("tokenHash") byte[] tokenHash, @Bind("email") String email,
                                  @Bind("userId") UUID userId, @Bind("now") Instant now);

    /** Marks the newest open invite for {@code email} accepted (a sign-in with a provider-verified email). */
    @SqlQuery("UPDATE invites SET accepted_at = :now, accepted_by = :userId "
            + "WHERE id = (SELECT id FROM invites WHERE email = :email AND " + OPEN
            + "            ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE) AND " + OPEN
            + " RETURNING id, role, org_id, org_type")
    Optional<Grant> acceptNewestForEmail(@Bind("email") String email, @Bind("userId") UUID userId, @Bind("now") Instant now);

    @SqlQuery("SELECT " + COLUMNS + " FROM invites " + FILTER + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
    List<Row> list(@Bind("all") boolean all, @Bind("org") UUID org, @Bind("status") String status,
                   @Bind("now") Instant now, @Bind("limit") int limit, @Bind("offset") int offset);

    @SqlQuery("SELECT count(*) FROM invites " + FILTER)
    long count(@Bind("all") boolean all, @Bind("org") UUID org, @Bind("status") String status, @Bind("now") Instant now);

    /** The invite when it is visible to the caller ({@code all}, or {@code org} on its path), locked for update. */
    @SqlQuery("SELECT " + COLUMNS + " FROM invites WHERE id = :id AND (:all OR org_path @> ARRAY[CAST(:org AS uuid)]) FOR UPDATE")
    Optional<Row> lockVisible(@Bind("id") UUID id, @Bind("all") boolean all, @Bind("org") UUID org, @Bind("now") Instant now);

    @SqlUpdate("UPDATE invites SET revoked_at = :now, revoked_by = :actorId WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
    int revoke(@Bind("id") UUID id, @Bind("actorId") UUID actorId, @Bind("now") Instant now);

    record Row(UUID id, String email, String role, UUID orgId, String orgType, Instant createdAt, Instant expiresAt,
               Instant acceptedAt, Instant revokedAt, String status) {
    }

    /** What an accepted invite grants. */
    record Grant(UUID id, String role, UUID orgId, String orgType) {
    }
}
