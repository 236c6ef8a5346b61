package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.session.TokenPair;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The sign-in's second step. After a correct first factor (password or OpenID provider), an account with a second
 * factor gets an {@code mfaToken} and no tokens; the token (single use, 5 minutes, bound to the account, stored as
 * a SHA-256 hash) and a second factor then open the session. An account without one gets its session at once
 * (restricted to enrolling a factor when {@code MFA_REQUIRED_ROLES} demands one: see {@link SessionService#start}).
 */
public final class MfaSignIn {
    public static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);
    private static final String REFUSED = "The sign-in step has expired or was already completed; sign in again.";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final SessionService sessions;
    private final SecondFactorCheck factors;
    private final AuditLog<AuditEntry> audit;

    public MfaSignIn(Jdbi jdbi, Clock clock, Users users, SessionService sessions, SecondFactorCheck factors,
                     AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.sessions = sessions;
        this.factors = factors;
        this.audit = audit;
    }

    /** The second step to take when the user has a second factor; empty when the first factor is enough. */
    public Optional<MfaChallengeResponse> challengeIfEnrolled(Handle handle, User user, List<String> firstFactor,
                                                              Caller caller) {
        FactorDao.Factors enrolled = handle.attach(FactorDao.class).factors(user.id());
        if (!enrolled.any()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String token = OpaqueTokens.generate();
        handle.attach(MfaChallengeDao.class).insert(OpaqueTokens.sha256(token), user.id(), firstFactor.toArray(String[]::new),
                now, now.plus(CHALLENGE_TTL));
        audit.record(handle, AuditAction.MFA_CHALLENGE_ISSUED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                Map.of("firstFactor", String.join(" ", firstFactor), "methods", enrolled.methods()));
        return Optional.of(new MfaChallengeResponse(true, token, enrolled.methods(), CHALLENGE_TTL.toSeconds()));
    }

    /** {@code POST /api/auth/login/mfa}: an mfaToken and a typed code for the session. */
    public MfaTokenPair complete(MfaLoginRequest request, Caller caller) {
        if (request.mfaToken() == null || request.mfaToken().isBlank()) {
            throw ApiException.invalidField("mfaToken", "is required");
        }
        CodeRequest code = new CodeRequest(request.method(), request.code());
        SecondFactorCheck.validate(code);
        Pending pending = pending(request.mfaToken(), caller);
        SecondFactorCheck.Passed passed = factors.check(pending.user(), code, "sign_in", caller);
        TokenPair pair = finish(pending, passed.method(), passed.amr(), caller);
        return MfaTokenPair.of(pair, passed.recoveryCodesLeft());
    }

    /** A usable mfaToken's account and first factor; 401 (audited) for an unknown, expired or used one. */
    public Pending pending(String mfaToken, Caller caller) {
        byte[] hash = OpaqueTokens.sha256(mfaToken.length() > OpaqueTokens.MAX_LENGTH ? "" : mfaToken);
        Instant now = clock.instant();
        Optional<MfaChallengeDao.Row> row = jdbi.withExtension(MfaChallengeDao.class, dao -> dao.find(hash));
        if (row.isEmpty() || !row.get().usableAt(now)) {
            String reason = row.isEmpty() ? "unknown" : row.get().usedAt() != null ? "used" : "expired";
            Optional<User> owner = row.flatMap(r -> users.byId(r.userId()));
            audit.record(AuditAction.MFA_TOKEN_REFUSED,
                    new AuditEntry(owner.map(User::id).orElse(null), null, owner.map(User::email).orElse(null)), caller,
                    Map.of("reason", reason));
            throw ApiException.unauthorized(REFUSED);
        }
        User user = users.byId(row.get().userId()).orElseThrow(() -> ApiException.unauthorized(REFUSED));
        if (user.disabled()) {
            audit.record(AuditAction.LOGIN_DISABLED, new AuditEntry(user.id(), null, user.email()), caller, Map.of());
            throw ApiException.forbidden("This account is disabled. Contact your administrator.");
        }
        return new Pending(hash, user, List.of(row.get().amr()));
    }

    /** A second step that passed: spends the mfaToken and opens the session (multi-factor, authenticated now). */
    public TokenPair finish(Pending pending, String method, List<String> secondFactor, Caller caller) {
        Optional<TokenPair> opened = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            if (handle.attach(MfaChallengeDao.class).consume(pending.tokenHash(), now) == 0) {
                return Optional.<TokenPair>empty();
            }
            handle.attach(UserDao.class).recordLogin(pending.user().id(), now);
            User current = users.byId(handle, pending.user().id()).orElseThrow();
            Map<String, Object> details = new HashMap<>();
            details.put("secondFactor", method);
            pending.firstFactor().stream().filter(f -> !f.equals(SessionAuthentication.PASSWORD)).findFirst()
                    .ifPresent(provider -> details.put("provider", provider));
            audit.record(handle, AuditAction.LOGIN_SUCCEEDED, new AuditEntry(current.id(), current.id(), current.email()),
                    caller, details);
            SessionAuthentication authentication = new SessionAuthentication(pending.firstFactor(), now, false)
                    .withSecondFactor(secondFactor, now);
            return Optional.of(sessions.start(handle, current, caller, authentication));
        });
        if (opened.isEmpty()) {
            // a concurrent second step spent the token first
            audit.record(AuditAction.MFA_TOKEN_REFUSED, new AuditEntry(pending.user().id(), null, pending.user().email()),
                    caller, Map.of("reason", "used"));
            throw ApiException.unauthorized(REFUSED);
        }
        return opened.get();
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        return jdbi.withExtension(MfaChallengeDao.class, dao -> dao.purgeExpiredBefore(before));
    }

    /** A sign-in waiting for its second step. */
    public record Pending(byte[] tokenHash, User user, List<String> firstFactor) {
        public UUID userId() {
            return user.id();
        }
    }
}
