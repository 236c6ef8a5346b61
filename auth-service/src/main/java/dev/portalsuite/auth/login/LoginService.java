package dev.portalsuite.auth.login;

import dev.portalsuite.auth.account.EmailAddress;
import dev.portalsuite.auth.account.PasswordHasher;
import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mfa.MfaChallengeResponse;
import dev.portalsuite.auth.mfa.MfaSignIn;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.session.SignInResult;
import dev.portalsuite.auth.session.TokenPair;
import dev.portalsuite.auth.verification.EmailVerificationService;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Password login. Order matters: per-IP rate limit, then an attempt is reserved against the email's
 * lockout (so concurrent guesses cannot exceed the limit), then bcrypt runs — against a dummy hash when
 * the email is unknown, so unknown and known emails cost the same and answer the same.
 */
public final class LoginService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final RateLimiter rateLimiter;
    private final SessionService sessions;
    private final AuditLog<AuditEntry> audit;
    private final EmailVerificationService verification;
    private final SecurityAlerts alerts;
    private final MfaSignIn mfa;

    public LoginService(Jdbi jdbi, Clock clock, Users users, PasswordHasher hasher, LockoutPolicy lockout,
                        RateLimiter rateLimiter, SessionService sessions, AuditLog<AuditEntry> audit,
                        EmailVerificationService verification, SecurityAlerts alerts, MfaSignIn mfa) {
        this.mfa = mfa;
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.hasher = hasher;
        this.lockout = lockout;
        this.rateLimiter = rateLimiter;
        this.sessions = sessions;
        this.audit = audit;
        this.verification = verification;
        this.alerts = alerts;
    }

    /** A {@link TokenPair}, or for an account with a second factor the second step to take. */
    public SignInResult login(LoginRequest request, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        if (request.email() == null || request.email().isBlank()) {
            errors.add(new FieldError("email", "is required"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(new FieldError("password", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        rateLimiter.check("login", caller.ip());
        // when the gate would refuse the password check anyway, refuse before any database work (the look-up and
        // the lockout reservation): under overload those writes would take the CPU that bcrypt needs
        hasher.refuseIfSaturated("verify");
        String normalised = EmailAddress.normalise(request.email());
        String email = normalised.length() > EmailAddress.MAX_LENGTH
                ? normalised.substring(0, EmailAddress.MAX_LENGTH) : normalised;
        Optional<User> user = users.byEmail(email);
        LockoutPolicy.Attempt attempt = lockout.attempt(email,
                () -> hasher.verify(request.password(), user.map(User::passwordHash).orElse(null)));
        UUID userId = user.map(User::id).orElse(null);
        if (attempt.outcome() == LockoutPolicy.Outcome.REFUSED_LOCKED) {
            audit.record(AuditAction.LOGIN_REFUSED_LOCKED, new AuditEntry(userId, null, email), caller, Map.of());
            throw ApiException.locked("Too many failed logins; this account is temporarily locked.", attempt.retryAfter());
        }
        if (attempt.failed()) {
            audit.record(AuditAction.LOGIN_FAILED, new AuditEntry(userId, null, email), caller,
                    Map.of("attempt", attempt.number()));
            if (attempt.outcome() == LockoutPolicy.Outcome.FAILED_AND_LOCKED) {
                audit.record(AuditAction.LOGIN_LOCKED, new AuditEntry(userId, null, email), caller, Map.of());
                user.ifPresent(locked -> alerts.accountLocked(locked, clock.instant().plus(attempt.retryAfter())));
            }
            throw ApiException.unauthorized("Invalid credentials.");
        }
        User account = user.get();
        if (account.disabled()) {
            audit.record(AuditAction.LOGIN_DISABLED, new AuditEntry(account.id(), null, email), caller, Map.of());
            throw ApiException.forbidden("This account is disabled. Contact your administrator.");
        }
        verification.refuseUnverifiedSignIn(account, caller);
        String upgradedHash = hasher.needsRehash(account.passwordHash()) ? hasher.hash(request.password()) : null;
        return jdbi.<SignInResult, RuntimeException>inTransaction(handle -> {
            UserDao dao = handle.attach(UserDao.class);
            if (upgradedHash != null) {
                dao.updatePasswordHash(account.id(), upgradedHash, clock.instant());
            }
            Optional<MfaChallengeResponse> secondStep = mfa.challengeIfEnrolled(handle, account,
                    List.of(SessionAuthentication.PASSWORD), caller);
            if (secondStep.isPresent()) {
                return secondStep.get();
            }
            dao.recordLogin(account.id(), clock.instant());
            User current = users.byId(handle, account.id()).orElseThrow();
            audit.record(handle, AuditAction.LOGIN_SUCCEEDED, new AuditEntry(account.id(), account.id(), email), caller,
                    upgradedHash == null ? Map.of() : Map.of("passwordHashUpgraded", true));
            return sessions.start(handle, current, caller,
                    SessionAuthentication.of(List.of(SessionAuthentication.PASSWORD), clock.instant()));
        });
    }
}
