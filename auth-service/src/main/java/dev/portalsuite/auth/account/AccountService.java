package dev.portalsuite.auth.account;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.invite.Invites;
import dev.portalsuite.auth.login.LockoutPolicy;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.session.TokenPair;
import dev.portalsuite.auth.verification.EmailVerificationService;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Self-service account rules: registration, profile, password change. */
public final class AccountService {
    static final int MAX_PREFERENCES_BYTES = 16 * 1024;
    private static final String BAD_INVITE = "is invalid, expired, revoked or already used, or was issued for another email";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final LockoutPolicy lockout;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final AuditLog<AuditEntry> audit;
    private final ObjectMapper mapper;
    private final Invites invites;
    private final SecurityAlerts alerts;
    private final EmailVerificationService verification;

    public AccountService(Jdbi jdbi, Clock clock, Users users, PasswordPolicy policy, PasswordHasher hasher,
                          LockoutPolicy lockout, SessionService sessions, RateLimiter rateLimiter,
                          AuditLog<AuditEntry> audit, ObjectMapper mapper, Invites invites, SecurityAlerts alerts,
                          EmailVerificationService verification) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.lockout = lockout;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.mapper = mapper;
        this.invites = invites;
        this.alerts = alerts;
        this.verification = verification;
    }

    /**
     * Creates an account and signs it in: role {@code user}, or the role and organisation of the invite whose
     * token is given (the invite must be pending and issued for this email; it is accepted in the same
     * transaction, so a token can create one account only).
     */
    public TokenPair register(RegisterRequest request, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> email = EmailAddress.parse(request.email());
        if (request.email() == null) {
            errors.add(new FieldError("email", "is required"));
        } else if (email.isEmpty()) {
            errors.add(new FieldError("email", "is not a valid email address"));
        }
        policy.problem(request.password(), email.orElse(null)).ifPresent(p -> errors.add(new FieldError("password", p)));
        String fullName = fullName(request.fullName(), errors, true);
        String inviteToken = request.inviteToken();
        if (inviteToken != null && !Invites.plausibleToken(inviteToken)) {
            errors.add(new FieldError("inviteToken", BAD_INVITE));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        rateLimiter.check("register", caller.ip());
        if (users.byEmail(email.get()).isPresent()) {
            throw ApiException.conflict("An account with this email already exists.");
        }
        if (inviteToken != null && !invites.redeemable(inviteToken, email.get())) {
            // checked before hashing so a bad token costs no bcrypt; the acceptance below decides for real
            throw ApiException.invalidField("inviteToken", BAD_INVITE);
        }
        String hash = hasher.hash(request.password());
        try {
            return jdbi.inTransaction(handle -> {
                UUID id = UUID.randomUUID();
                Optional<Invites.Grant> grant = Optional.empty();
                if (inviteToken != null) {
                    grant = invites.acceptByToken(handle, inviteToken, email.get(), id);
                    if (grant.isEmpty()) {
                        throw ApiException.invalidField("inviteToken", BAD_INVITE);
                    }
                }
                String[] roles = {grant.map(Invites.Grant::role).orElse("user")};
                handle.attach(UserDao.class).insert(id, email.get(), fullName, hash, roles,
                        grant.map(Invites.Grant::orgId).orElse(null), grant.map(Invites.Grant::orgType).orElse(null),
                        clock.instant());
                verification.registered(handle, users.byId(handle, id).orElseThrow(), grant.isPresent(), caller);
                User user = users.byId(handle, id).orElseThrow();
                audit.record(handle, AuditAction.REGISTERED, new AuditEntry(id, id, user.email()), caller,
                        grant.<Map<String, ?>>map(g -> Map.of("inviteId", g.inviteId().toString())).orElse(Map.of()));
                grant.ifPresent(g -> invites.recordAccepted(handle, g, id, user.email(), caller, "register"));
                return sessions.start(handle, user, caller,
                        SessionAuthentication.of(List.of(SessionAuthentication.PASSWORD), clock.instant()));
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUniqueViolation(e, "users_email_key")) {
                throw ApiException.conflict("An account with this email already exists.");
            }
            throw e;
        }
    }


    public UserResponse updateMe(UUID userId, UpdateMeRequest request, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String fullName = fullName(request.fullName(), errors, false);
        String preferences = preferences(request.preferences(), errors);
        if (fullName == null && preferences == null && errors.isEmpty()) {
            errors.add(new FieldError("fullName", "give fullName or preferences to change"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return jdbi.inTransaction(handle -> {
            if (handle.attach(UserDao.class).updateProfile(userId, fullName, preferences, clock.instant()) == 0) {
                throw ApiException.notFound("Your account no longer exists.");
            }
            User user = users.byId(handle, userId).orElseThrow();
            audit.record(handle, AuditAction.PROFILE_UPDATED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of("fullName", fullName != null, "preferences", preferences != null));
            return UserResponse.of(user);
        });
    }

    /** Changes the password and ends every other session of the user. */
    public void changePassword(UUID userId, UUID currentSession, ChangePasswordRequest request, Caller caller) {
        User user = existing(userId);
        if (request.currentPassword() == null) {
            throw ApiException.invalidField("currentPassword", "is required");
        }
        Optional<String> problem = policy.problem(request.newPassword(), user.email());
        if (problem.isPresent()) {
            throw ApiException.invalidField("newPassword", problem.get());
        }
        if (user.passwordHash() == null) {
            throw ApiException.invalidField("currentPassword", "is not your current password");
        }
        verifyCurrentPassword(user, request.currentPassword(), caller);
        String hash = hasher.hash(request.newPassword());
        jdbi.useTransaction(handle -> {
            handle.attach(UserDao.class).updatePasswordHash(userId, hash, clock.instant());
            int revoked = sessions.revokeAll(handle, userId, currentSession, "password_changed");
            audit.record(handle, AuditAction.PASSWORD_CHANGED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of("otherSessionsRevoked", revoked));
            alerts.passwordChanged(handle, user, caller);
        });
    }

    /** A wrong current password counts towards the same lockout as a failed login. */
    private void verifyCurrentPassword(User user, String currentPassword, Caller caller) {
        LockoutPolicy.Attempt attempt = lockout.attempt(user.email(), () -> hasher.verify(currentPassword, user.passwordHash()));
        if (attempt.outcome() == LockoutPolicy.Outcome.REFUSED_LOCKED) {
            audit.record(AuditAction.PASSWORD_CHANGE_REFUSED_LOCKED,
                    new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of());
            throw ApiException.locked("Too many wrong passwords; this account is temporarily locked.", attempt.retryAfter());
        }
        if (attempt.failed()) {
            audit.record(AuditAction.PASSWORD_CHANGE_FAILED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of("attempt", attempt.number()));
            if (attempt.outcome() == LockoutPolicy.Outcome.FAILED_AND_LOCKED) {
                audit.record(AuditAction.LOGIN_LOCKED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                        Map.of());
                alerts.accountLocked(user, clock.instant().plus(attempt.retryAfter()));
            }
            throw ApiException.invalidField("currentPassword", "is not your current password");
        }
    }

    private User existing(UUID userId) {
        return users.byId(userId).orElseThrow(() -> ApiException.notFound("Your account no longer exists."));
    }

    static String fullName(String raw, List<FieldError> errors, boolean required) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldError("fullName", "is required"));
            }
            return null;
        }
        String trimmed = raw.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200 || trimmed.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("fullName", "must be 1 to 200 printable characters"));
            return null;
        }
        return trimmed;
    }

    private String preferences(JsonNode node, List<FieldError> errors) {
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("preferences", "must be a JSON object"));
            return null;
        }
        try {
            String json = mapper.writeValueAsString(node);
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_PREFERENCES_BYTES) {
                errors.add(new FieldError("preferences", "must be at most 16 KB"));
                return null;
            }
            return json;
        } catch (JsonProcessingException e) {
            errors.add(new FieldError("preferences", "must be a JSON object"));
            return null;
        }
    }
}
