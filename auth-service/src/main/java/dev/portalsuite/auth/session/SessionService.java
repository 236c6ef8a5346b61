package dev.portalsuite.auth.session;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.alert.KnownDevices;
import dev.portalsuite.auth.account.UserResponse;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.AccessTokenClaims;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.IssuedToken;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.security.TokenIssuer;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.JoinRow;
import org.jdbi.v3.core.Jdbi;

/**
 * Sessions and their rotating refresh tokens. A session ends when revoked, after {@code idleTtl} without a
 * refresh, or {@code maxTtl} after it began. Presenting a refresh token that was already used revokes the
 * whole session: either the client or a thief holds a stale copy, and we cannot tell which.
 */
public final class SessionService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final TokenIssuer issuer;
    private final AuditLog<AuditEntry> audit;
    private final Users users;
    private final Duration accessTtl;
    private final Duration idleTtl;
    private final Duration maxTtl;
    private final KnownDevices devices;
    private final Predicate<User> factorRequired;

    /**
     * @param factorRequired whether a user must have a second factor ({@code MFA_REQUIRED_ROLES}); a session such a
     *     user opens without one may only enrol a factor
     */
    public SessionService(Jdbi jdbi, Clock clock, TokenIssuer issuer, AuditLog<AuditEntry> audit, Users users,
                          Duration accessTtl, Duration idleTtl, Duration maxTtl, KnownDevices devices,
                          Predicate<User> factorRequired) {
        this.factorRequired = factorRequired;
        this.jdbi = jdbi;
        this.clock = clock;
        this.issuer = issuer;
        this.audit = audit;
        this.users = users;
        this.accessTtl = accessTtl;
        this.idleTtl = idleTtl;
        this.maxTtl = maxTtl;
        this.devices = devices;
    }

    /** Opens a session for a user who just proved who they are, the way {@code authentication} says. */
    public TokenPair start(Handle handle, User user, Caller caller, SessionAuthentication requested) {
        SessionAuthentication authentication = !requested.amr().contains(SessionAuthentication.MULTI_FACTOR)
                && factorRequired.test(user) ? requested.restrictedToEnrolment() : requested;
        Instant now = clock.instant();
        UUID sessionId = UUID.randomUUID();
        Instant absolute = now.plus(maxTtl);
        handle.attach(SessionDao.class).insert(sessionId, user.id(), now, min(now.plus(idleTtl), absolute), absolute,
                caller.userAgent(), caller.ip(), authentication.amr().toArray(String[]::new), authentication.authTime(),
                authentication.enrolmentOnly());
        String refreshToken = newRefreshToken(handle, sessionId, now, absolute);
        devices.signedIn(handle, user, caller);
        return pair(user, sessionId, refreshToken, authentication);
    }

    public TokenPair start(User user, Caller caller, SessionAuthentication authentication) {
        return jdbi.inTransaction(handle -> start(handle, user, caller, authentication));
    }

    /** How the person behind an alive session authenticated. */
    public Optional<SessionAuthentication> authentication(UUID sessionId) {
        return jdbi.withExtension(SessionDao.class, dao -> dao.authentication(sessionId))
                .map(SessionDao.Authentication::toSessionAuthentication);
    }

    /**
     * Records a new authentication on the user's alive session (a step-up) and returns a fresh pair for it: the
     * session's unused refresh tokens end (without counting as reuse), one new refresh token replaces them.
     * Empty when the session is no longer alive.
     */
    public Optional<TokenPair> reauthenticate(Handle handle, User user, UUID sessionId, SessionAuthentication authentication) {
        Instant now = clock.instant();
        int updated = handle.attach(SessionDao.class).reauthenticate(sessionId, user.id(),
                authentication.amr().toArray(String[]::new), authentication.authTime(), authentication.enrolmentOnly(), now);
        if (updated == 0) {
            return Optional.empty();
        }
        RefreshTokenDao tokens = handle.attach(RefreshTokenDao.class);
        tokens.expireUnused(sessionId, now);
        String refreshToken = newRefreshToken(handle, sessionId, now, tokens.absoluteExpiry(sessionId));
        return Optional.of(pair(user, sessionId, refreshToken, authentication));
    }

    /** Changes how an alive session counts as authenticated without issuing tokens (its next refresh shows it). */
    public boolean reauthenticate(Handle handle, UUID userId, UUID sessionId, SessionAuthentication authentication) {
        return handle.attach(SessionDao.class).reauthenticate(sessionId, userId, authentication.amr().toArray(String[]::new),
                authentication.authTime(), authentication.enrolmentOnly(), clock.instant()) > 0;
    }

    public TokenPair refresh(String refreshToken, Caller caller) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > OpaqueTokens.MAX_LENGTH) {
            throw ApiException.unauthorized("The refresh token is invalid, expired or already used.");
        }
        byte[] hash = OpaqueTokens.sha256(refreshToken);
        String next = OpaqueTokens.generate();
        // one short transaction: the rotation in one statement, then its audit event; the token is signed after commit
        Optional<JoinRow> rotated = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            Optional<JoinRow> row = handle.attach(RefreshTokenDao.class).rotate(hash, OpaqueTokens.sha256(next), now,
                    now.plus(idleTtl), caller.ip(), caller.userAgent());
            row.ifPresent(r -> {
                UserDao.Row user = r.get(UserDao.Row.class);
                audit.record(handle, AuditAction.REFRESHED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                        Map.of("sessionId", r.get(RefreshTokenDao.Used.class).sessionId().toString()));
            });
            return row;
        });
        if (rotated.isPresent()) {
            RefreshTokenDao.Used used = rotated.get().get(RefreshTokenDao.Used.class);
            return pair(rotated.get().get(UserDao.Row.class).toUser(), used.sessionId(), next, used.authentication());
        }
        jdbi.useTransaction(handle -> handle.attach(RefreshTokenDao.class).sessionOfUsed(hash).ifPresent(sessionId -> {
            SessionDao sessions = handle.attach(SessionDao.class);
            SessionDao.Row session = sessions.find(sessionId).orElseThrow();
            sessions.revoke(sessionId, clock.instant(), "refresh_token_reuse");
            audit.record(handle, AuditAction.REFRESH_REUSE_DETECTED,
                    new AuditEntry(session.userId(), null, null), caller,
                    Map.of("sessionId", sessionId.toString()));
        }));
        throw ApiException.unauthorized("The refresh token is invalid, expired or already used.");
    }

    /** Ends the session of a refresh token; unknown tokens are ignored so logout is idempotent. */
    public void logout(String refreshToken, Caller caller) {
        if (refreshToken == null || refreshToken.length() > OpaqueTokens.MAX_LENGTH) {
            return;
        }
        byte[] hash = OpaqueTokens.sha256(refreshToken);
        jdbi.useTransaction(handle -> handle.attach(RefreshTokenDao.class).sessionOf(hash).ifPresent(sessionId -> {
            SessionDao sessions = handle.attach(SessionDao.class);
            if (sessions.revoke(sessionId, clock.instant(), "logout") > 0) {
                UUID userId = sessions.find(sessionId).orElseThrow().userId();
                audit.record(handle, AuditAction.LOGOUT, new AuditEntry(userId, userId, null), caller,
                        Map.of("sessionId", sessionId.toString()));
            }
        }));
    }

    public void logoutAll(UUID userId, Caller caller) {
        jdbi.useTransaction(handle -> {
            int revoked = revokeAll(handle, userId, null, "logout_all");
            audit.record(handle, AuditAction.LOGOUT_ALL, new AuditEntry(userId, userId, null), caller,
                    Map.of("sessions", revoked));
        });
    }

    public Page<SessionResponse> list(UUID userId, UUID currentSession, Pagination page) {
        Instant now = clock.instant();
        return jdbi.withExtension(SessionDao.class, dao -> {
            List<SessionResponse> items = dao.listActive(userId, now, page.limit(), page.offset()).stream()
                    .map(row -> new SessionResponse(row.id(), row.createdAt(), row.lastUsedAt(),
                            min(row.idleExpiresAt(), row.absoluteExpiresAt()), row.userAgent(), row.ip(),
                            row.id().equals(currentSession)))
                    .toList();
            return Page.of(items, dao.countActive(userId, now), page);
        });
    }

    /** Revokes one of the caller's own sessions; someone else's session is "not found". */
    public void revoke(UUID userId, UUID sessionId, Caller caller) {
        jdbi.useTransaction(handle -> {
            if (handle.attach(SessionDao.class).revokeOwn(sessionId, userId, clock.instant(), "revoked_by_user") == 0) {
                throw ApiException.notFound("No active session with this id.");
            }
            audit.record(handle, AuditAction.SESSION_REVOKED, new AuditEntry(userId, userId, null), caller,
                    Map.of("sessionId", sessionId.toString()));
        });
    }

    /** Revokes every session of a user except {@code keep} (may be null) inside the caller's transaction. */
    public int revokeAll(Handle handle, UUID userId, UUID keep, String reason) {
        return handle.attach(SessionDao.class).revokeAllOfUser(userId, keep, clock.instant(), reason);
    }

    /**
     * The extra check on access tokens for auth-service's own routes, as a look-up: the signed-in user of a live
     * session who is not disabled (one statement), kept for the route as the {@link UserResponse} {@code /me} answers
     * (no password hash); empty refuses the token. A service client's
     * token has no session and carries only the service role; it passes as itself.
     */
    public Optional<?> signedIn(Principal principal) {
        if (principal.sessionId() == null) {
            return principal.roles().equals(java.util.Set.of(Role.SERVICE.claim())) ? Optional.of(principal) : Optional.empty();
        }
        try {
            return users.ofLiveSession(principal.sessionUuid(), principal.userId(), clock.instant()).map(UserResponse::of);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public int purgeEnded() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        return jdbi.inTransaction(handle -> handle.attach(RefreshTokenDao.class).purgeExpiredBefore(before)
                + handle.attach(SessionDao.class).purgeEndedBefore(before));
    }

    private String newRefreshToken(Handle handle, UUID sessionId, Instant now, Instant absoluteExpiry) {
        String token = OpaqueTokens.generate();
        handle.attach(RefreshTokenDao.class).insert(OpaqueTokens.sha256(token), sessionId, now,
                min(now.plus(idleTtl), absoluteExpiry));
        return token;
    }

    private TokenPair pair(User user, UUID sessionId, String refreshToken, SessionAuthentication authentication) {
        IssuedToken access = issuer.issue(new AccessTokenClaims(user.id().toString(), sessionId.toString(),
                user.email(), user.fullName(), user.roles(), user.orgId(), user.orgType(), authentication.scopes(), accessTtl,
                authentication.amr(), authentication.authTime()));
        return new TokenPair(access.token(), refreshToken, "Bearer", access.expiresInSeconds(), UserResponse.of(user));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
