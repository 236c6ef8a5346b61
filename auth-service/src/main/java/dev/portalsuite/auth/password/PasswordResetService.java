package dev.portalsuite.auth.password;

import dev.portalsuite.auth.account.EmailAddress;
import dev.portalsuite.auth.account.PasswordHasher;
import dev.portalsuite.auth.account.PasswordPolicy;
import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mail.MailTemplates;
import dev.portalsuite.auth.mail.Outbox;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.verification.EmailVerificationDao;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password" and the reset that follows.
 * <p>
 * A request is answered 202 with the same empty body before anything about the address is looked up: the
 * lookup, the new link and its mail happen afterwards on a worker, so neither the answer nor its timing (nor the
 * number of password hashes: none) tells whether the address is registered. An existing, enabled account with
 * a password gets a single-use link valid for {@code ttl}, voiding any older one; an account that signs in only
 * through a provider gets a mail saying so; anything else gets nothing.
 * <p>
 * The reset checks the link and the password policy before it changes anything, then in one transaction: uses
 * the link, sets the password, voids the other links, ends every session, clears the lockout, marks the address
 * verified (the link proved it), audits, and queues the "password changed" mail.
 */
public final class PasswordResetService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordResetService.class);
    static final String BAD_TOKEN = "is invalid, expired or already used; ask for a new link";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final RateLimiter perIp;
    private final RateLimiter perAddress;
    private final AuditLog<AuditEntry> audit;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final SecurityAlerts alerts;
    private final Duration ttl;
    private final ThreadPoolExecutor worker;

    public PasswordResetService(Jdbi jdbi, Clock clock, Users users, PasswordPolicy policy, PasswordHasher hasher,
                                SessionService sessions, RateLimiter perIp, RateLimiter perAddress,
                                AuditLog<AuditEntry> audit, Outbox outbox, MailTemplates templates, SecurityAlerts alerts, Duration ttl) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.policy = policy;
        this.hasher = hasher;
        this.sessions = sessions;
        this.perIp = perIp;
        this.perAddress = perAddress;
        this.audit = audit;
        this.outbox = outbox;
        this.templates = templates;
        this.alerts = alerts;
        this.ttl = ttl;
        // one worker, a bounded queue: the rate limits keep it short; beyond it requests are dropped, not queued forever
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1000), r -> {
            Thread thread = new Thread(r, "auth-password-forgot");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void forgot(ForgotPasswordRequest request, Caller caller) {
        if (request.email() == null) {
            throw ApiException.invalidField("email", "is required");
        }
        Optional<String> email = EmailAddress.parse(request.email());
        if (email.isEmpty()) {
            throw ApiException.invalidField("email", "is not a valid email address");
        }
        perIp.check("password-forgot", caller.ip());
        // counted per address whether or not it is registered, so the limit reveals nothing either
        try {
            perAddress.check("password-forgot-address", email.get());
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.title(), "Too many reset requests for this address; try again later.",
                    List.of(), e.headers());
        }
        try {
            worker.execute(() -> {
                try {
                    sendLink(email.get(), caller);
                } catch (RuntimeException e) {
                    LOG.warn("password reset request could not be handled: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("password reset requests are arriving faster than they can be handled; one was dropped");
        }
    }

    private void sendLink(String email, Caller caller) {
        jdbi.useTransaction(handle -> {
            Optional<User> found = handle.attach(UserDao.class).findByEmail(email).map(UserDao.Row::toUser);
            if (found.isEmpty() || found.get().disabled()) {
                audit.record(handle, AuditAction.PASSWORD_RESET_REQUESTED, new AuditEntry(found.map(User::id).orElse(null), null, email), caller,
                        Map.of("outcome", found.isEmpty() ? "unknown_email" : "disabled"));
                return;
            }
            User user = found.get();
            PasswordResetDao dao = handle.attach(PasswordResetDao.class);
            if (user.passwordHash() == null) {
                outbox.enqueue(handle, templates.passwordResetWithoutPassword(user.email(), user.fullName(),
                        dao.providersOf(user.id())));
                audit.record(handle, AuditAction.PASSWORD_RESET_REQUESTED, new AuditEntry(user.id(), null, email), caller,
                        Map.of("outcome", "no_password"));
                return;
            }
            Instant now = clock.instant();
            String token = OpaqueTokens.generate();
            int voided = dao.voidOpen(user.id(), now);
            dao.insert(OpaqueTokens.sha256(token), user.id(), now, now.plus(ttl));
            outbox.enqueue(handle, templates.passwordReset(user.email(), user.fullName(), token, ttl));
            audit.record(handle, AuditAction.PASSWORD_RESET_REQUESTED, new AuditEntry(user.id(), null, email), caller,
                    Map.of("outcome", "link_sent", "olderLinksVoided", voided));
        });
    }

    public void reset(ResetPasswordRequest request, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        String token = request.token();
        if (token == null) {
            errors.add(new FieldError("token", "is required"));
        } else if (token.isBlank() || token.length() > OpaqueTokens.MAX_LENGTH) {
            errors.add(new FieldError("token", BAD_TOKEN));
        }
        if (request.newPassword() == null) {
            errors.add(new FieldError("newPassword", "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        perIp.check("password-reset", caller.ip());
        byte[] tokenHash = OpaqueTokens.sha256(token);
        // read-only checks first, so a bad link or a weak password costs no bcrypt and changes nothing
        User user = jdbi.withExtension(PasswordResetDao.class, dao -> dao.findValid(tokenHash, clock.instant()))
                .flatMap(users::byId)
                .filter(u -> !u.disabled() && u.passwordHash() != null)
                .orElseThrow(() -> ApiException.invalidField("token", BAD_TOKEN));
        Optional<String> problem = policy.problem(request.newPassword(), user.email());
        if (problem.isPresent()) {
            throw ApiException.invalidField("newPassword", problem.get());
        }
        String hash = hasher.hash(request.newPassword());
        jdbi.useTransaction(handle -> {
            Instant now = clock.instant();
            PasswordResetDao dao = handle.attach(PasswordResetDao.class);
            Optional<UUID> spentBy = dao.spend(tokenHash, now);
            if (spentBy.isEmpty() || !spentBy.get().equals(user.id())) {
                throw ApiException.invalidField("token", BAD_TOKEN);
            }
            User current = users.byId(handle, user.id()).filter(u -> !u.disabled() && u.passwordHash() != null)
                    .orElseThrow(() -> ApiException.invalidField("token", BAD_TOKEN));
            handle.attach(UserDao.class).updatePasswordHash(current.id(), hash, now);
            dao.voidOpen(current.id(), now);
            int revoked = sessions.revokeAll(handle, current.id(), null, "password_reset");
            dao.clearLockout(current.email());
            handle.attach(EmailVerificationDao.class).markVerified(current.id(), current.email(), now);
            audit.record(handle, AuditAction.PASSWORD_RESET, new AuditEntry(current.id(), current.id(), current.email()),
                    caller, Map.of("sessionsRevoked", revoked));
            alerts.passwordChanged(handle, current, caller);
        });
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        return jdbi.withExtension(PasswordResetDao.class, dao -> dao.purgeExpiredBefore(before));
    }

    /** Lets queued requests finish (briefly) before the database goes away. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
