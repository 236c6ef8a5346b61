package dev.portalsuite.auth.invite;

import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Accepting invites, for the features that create accounts: registration with an invite token, and a first
 * OIDC sign-in with a provider-verified email. Acceptance happens inside the caller's transaction, so the
 * account and the accepted invite exist together or not at all.
 */
public final class Invites {
    private final Jdbi jdbi;
    private final Clock clock;
    private final AuditLog<AuditEntry> audit;

    public Invites(Jdbi jdbi, Clock clock, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.audit = audit;
    }

    /** What an accepted invite grants the new account. */
    public record Grant(UUID inviteId, String role, UUID orgId, String orgType) {
    }

    /** True when the token is of a well-formed shape; anything else can never match an invite. */
    public static boolean plausibleToken(String token) {
        return token != null && !token.isBlank() && token.length() <= OpaqueTokens.MAX_LENGTH;
    }

    /** A read-only check before expensive work (password hashing); {@link #acceptByToken} decides. */
    public boolean redeemable(String token, String email) {
        if (!plausibleToken(token)) {
            return false;
        }
        return jdbi.withExtension(InviteDao.class, dao -> dao.redeemable(OpaqueTokens.sha256(token), email, clock.instant()));
    }

    /** Marks the token's invite accepted by {@code userId} when it is open and was issued for {@code email}. */
    public Optional<Grant> acceptByToken(Handle handle, String token, String email, UUID userId) {
        if (!plausibleToken(token)) {
            return Optional.empty();
        }
        return handle.attach(InviteDao.class).acceptByToken(OpaqueTokens.sha256(token), email, userId, clock.instant())
                .map(Invites::grant);
    }

    /** Marks the newest open invite for {@code email} accepted; only for emails a provider has verified. */
    public Optional<Grant> acceptNewestFor(Handle handle, String email, UUID userId) {
        return handle.attach(InviteDao.class).acceptNewestForEmail(email, userId, clock.instant()).map(Invites::grant);
    }

    /** Audits an acceptance inside the caller's transaction. */
    public void recordAccepted(Handle handle, Grant grant, UUID userId, String email, Caller caller, String via) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("inviteId", grant.inviteId().toString());
        details.put("role", grant.role());
        details.put("orgId", grant.orgId() == null ? null : grant.orgId().toString());
        details.put("via", via);
        audit.record(handle, AuditAction.INVITE_ACCEPTED, new AuditEntry(userId, userId, email), caller, details);
    }

    private static Grant grant(InviteDao.Grant row) {
        return new Grant(row.id(), row.role(), row.orgId(), row.orgType());
    }
}
