package dev.portalsuite.auth.verification;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mail.MailTemplates;
import dev.portalsuite.auth.mail.Outbox;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Proving that an account's address is its owner's. A password registration is mailed a single-use link valid
 * for {@code ttl} (a newer link voids older ones); an invite (which was mailed to the address) or a provider that
 * vouches for the address counts as proof at once, and so does a used password-reset link. With
 * {@code requireVerified}, password sign-in waits for the proof: the refusal mails a fresh link (at most one per
 * {@link #REFUSAL_RESEND_GAP}) and says so.
 */
public final class EmailVerificationService {
    static final String BAD_TOKEN = "is invalid, expired or already used; sign in and ask for a new link";
    static final Duration REFUSAL_RESEND_GAP = Duration.ofMinutes(5);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final AuditLog<AuditEntry> audit;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final RateLimiter perAccount;
    private final Duration ttl;
    private final boolean requireVerified;

    public EmailVerificationService(Jdbi jdbi, Clock clock, Users users, AuditLog<AuditEntry> audit, Outbox outbox,
                                    MailTemplates templates, RateLimiter perAccount, Duration ttl, boolean requireVerified) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.audit = audit;
        this.outbox = outbox;
        this.templates = templates;
        this.perAccount = perAccount;
        this.ttl = ttl;
        this.requireVerified = requireVerified;
    }

    /** In the registration's transaction: an invited account is verified, any other is mailed a link. */
    public void registered(Handle handle, User user, boolean invited, Caller caller) {
        if (invited) {
            handle.attach(EmailVerificationDao.class).markVerified(user.id(), user.email(), clock.instant());
        } else {
            sendLink(handle, user, caller);
        }
    }

    /** A provider vouched for {@code email} (Google's {@code email_verified}) in the caller's transaction. */
    public void vouchedFor(Handle handle, UUID userId, String email) {
        handle.attach(EmailVerificationDao.class).markVerified(userId, email, clock.instant());
    }

    public void verify(VerifyEmailRequest request, Caller caller) {
        String token = request.token();
        if (token == null) {
            throw ApiException.invalidField("token", "is required");
        }
        if (token.isBlank() || token.length() > OpaqueTokens.MAX_LENGTH) {
            throw ApiException.invalidField("token", BAD_TOKEN);
        }
        jdbi.useTransaction(handle -> {
            Instant now = clock.instant();
            EmailVerificationDao dao = handle.attach(EmailVerificationDao.class);
            EmailVerificationDao.Spent spent = dao.spend(OpaqueTokens.sha256(token), now)
                    .orElseThrow(() -> ApiException.invalidField("token", BAD_TOKEN));
            User user = users.byId(handle, spent.userId()).filter(u -> u.email().equals(spent.email()))
                    .orElseThrow(() -> ApiException.invalidField("token", BAD_TOKEN));
            dao.markVerified(user.id(), user.email(), now);
            dao.voidOpen(user.id(), now);
            audit.record(handle, AuditAction.EMAIL_VERIFIED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of());
        });
    }

    /** A new link for the signed-in user; 409 when already verified, 429 beyond the per-account limit. */
    public void resend(UUID userId, Caller caller) {
        User user = users.byId(userId).orElseThrow(() -> ApiException.notFound("Your account no longer exists."));
        if (user.emailVerified()) {
            throw ApiException.conflict("Your email address is already verified.");
        }
        try {
            perAccount.check("email-verification", userId.toString());
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.title(), "Too many verification links asked for; try again later.",
                    java.util.List.of(), e.headers());
        }
        jdbi.useTransaction(handle -> sendLink(handle, user, caller));
    }

    /**
     * With {@code REQUIRE_VERIFIED_EMAIL}, refuses the sign-in of an unverified password account (called once the
     * password is known to be right, so the answer reveals nothing to a guesser) and mails a new link.
     */
    public void refuseUnverifiedSignIn(User user, Caller caller) {
        if (!requireVerified || user.emailVerified() || user.passwordHash() == null) {
            return;
        }
        Instant now = clock.instant();
        boolean sent = jdbi.inTransaction(handle -> {
            Optional<Instant> last = handle.attach(EmailVerificationDao.class).lastSentAt(user.id());
            boolean resend = last.isEmpty() || last.get().isBefore(now.minus(REFUSAL_RESEND_GAP));
            if (resend) {
                sendLink(handle, user, caller);
            }
            audit.record(handle, AuditAction.LOGIN_UNVERIFIED_EMAIL, new AuditEntry(user.id(), null, user.email()), caller,
                    Map.of("newLinkSent", resend));
            return resend;
        });
        throw ApiException.forbidden("Your email address is not verified yet. " + (sent
                ? "We have just mailed a new verification link to " + user.email() + "; open it, then sign in again."
                : "Open the verification link we mailed to " + user.email() + " in the last few minutes, then sign in again.")
                + " The link is valid for " + ttl.toHours() + " hours.");
    }

    private void sendLink(Handle handle, User user, Caller caller) {
        Instant now = clock.instant();
        String token = OpaqueTokens.generate();
        EmailVerificationDao dao = handle.attach(EmailVerificationDao.class);
        dao.voidOpen(user.id(), now);
        dao.insert(OpaqueTokens.sha256(token), user.id(), user.email(), now, now.plus(ttl));
        outbox.enqueue(handle, templates.emailVerification(user.email(), user.fullName(), token, ttl));
        audit.record(handle, AuditAction.EMAIL_VERIFICATION_SENT, new AuditEntry(user.id(), null, user.email()), caller,
                Map.of());
    }

    public int purgeExpired() {
        Instant before = clock.instant().minus(Duration.ofDays(1));
        return jdbi.withExtension(EmailVerificationDao.class, dao -> dao.purgeExpiredBefore(before));
    }
}
