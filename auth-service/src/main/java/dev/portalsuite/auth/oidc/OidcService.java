package dev.portalsuite.auth.oidc;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.invite.Invites;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.mfa.MfaChallengeResponse;
import dev.portalsuite.auth.mfa.MfaSignIn;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SignInResult;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.session.TokenPair;
import dev.portalsuite.auth.verification.EmailVerificationService;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with a Google or Azure (Entra ID) ID token. The identity (provider + subject) is looked up first;
 * an unknown identity is linked or creates an account:
 * <ul>
 *   <li>Google, whose {@code email_verified} email belongs to an existing account: linked to that account.</li>
 *   <li>Azure, whose email belongs to an existing account: refused (409). Azure emails are not verified, so
 *       linking by email alone would let any tenant administrator take over an account.</li>
 *   <li>otherwise a new account without a password (password login fails for it), role {@code user} — or, for
 *       Google, the role and organisation of the newest pending invite for the verified email, accepted in
 *       the same transaction. Azure sign-ins never accept invites by email, for the same reason.</li>
 * </ul>
 */
public final class OidcService {
    private static final Logger LOG = LoggerFactory.getLogger(OidcService.class);
    private static final int MAX_NONCE_LENGTH = 512;

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final Invites invites;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final AuditLog<AuditEntry> audit;
    private final Map<String, OidcProvider> providers;
    private final Map<String, IdTokenVerifier> verifiers;
    private final EmailVerificationService verification;

    private final MfaSignIn mfa;

    public OidcService(Jdbi jdbi, Clock clock, Users users, Invites invites, SessionService sessions,
                       RateLimiter rateLimiter, AuditLog<AuditEntry> audit, List<OidcProvider> providers,
                       EmailVerificationService verification, MfaSignIn mfa) {
        this.mfa = mfa;
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.invites = invites;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.verification = verification;
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(OidcProvider::name, Function.identity()));
        this.verifiers = providers.stream().filter(OidcProvider::enabled).collect(Collectors.toUnmodifiableMap(
                OidcProvider::name, p -> new IdTokenVerifier(p, new ProviderKeys(p.jwksUrl()), clock)));
    }

    /** A {@link TokenPair}, or for an account with a second factor the second step to take. */
    public SignInResult signIn(String providerName, OidcSignInRequest request, Caller caller) {
        IdTokenVerifier verifier = verifiers.get(providerName);
        if (verifier == null) {
            throw ApiException.notFound(providers.containsKey(providerName)
                    ? "Sign-in with " + providerName + " is not configured on this server."
                    : "No sign-in provider named " + providerName + ".");
        }
        if (request.idToken() == null || request.idToken().isBlank()) {
            throw ApiException.invalidField("idToken", "is required");
        }
        if (request.nonce() != null && (request.nonce().isEmpty() || request.nonce().length() > MAX_NONCE_LENGTH)) {
            throw ApiException.invalidField("nonce", "must be 1 to " + MAX_NONCE_LENGTH + " characters");
        }
        rateLimiter.check("oidc", caller.ip());
        VerifiedIdToken identity;
        try {
            identity = verifier.verify(request.idToken(), request.nonce());
        } catch (IdTokenVerifier.InvalidIdToken e) {
            audit.record(AuditAction.LOGIN_FAILED, new AuditEntry(null, null, null), caller,
                    Map.of("provider", providerName, "reason", e.getMessage()));
            throw ApiException.unauthorized("The ID token is invalid or expired.");
        } catch (ProviderKeys.Unavailable e) {
            LOG.warn("{} keys unavailable: {}", providerName, e.getCause() == null ? e.toString() : e.getCause().toString());
            throw ApiException.unavailable("The sign-in provider's keys cannot be fetched; try again shortly.",
                    Duration.ofSeconds(10));
        }
        try {
            return jdbi.inTransaction(handle -> signIn(handle, identity, caller));
        } catch (RuntimeException e) {
            // a concurrent first sign-in of the same person created the identity or the account first
            if (DatabaseErrors.isUniqueViolation(e, "user_identities_key") || DatabaseErrors.isUniqueViolation(e, "users_email_key")) {
                return jdbi.inTransaction(handle -> signIn(handle, identity, caller));
            }
            throw e;
        }
    }

    private SignInResult signIn(Handle handle, VerifiedIdToken identity, Caller caller) {
        IdentityDao identities = handle.attach(IdentityDao.class);
        Instant now = clock.instant();
        Optional<UUID> linked = identities.findUser(identity.provider(), identity.subject());
        User user;
        if (linked.isPresent()) {
            user = users.byId(handle, linked.get()).orElseThrow();
            refuseDisabled(user, identity, caller);
        } else {
            Optional<User> sameEmail = identity.email() == null ? Optional.empty()
                    : handle.attach(UserDao.class).findByEmail(identity.email()).map(UserDao.Row::toUser);
            if (sameEmail.isPresent() && identity.emailVerified()) {
                user = sameEmail.get();
                refuseDisabled(user, identity, caller);
                identities.insert(identity.provider(), identity.subject(), user.id(), identity.email(), now);
                audit.record(handle, AuditAction.IDENTITY_LINKED,
                        new AuditEntry(user.id(), user.id(), user.email()), caller,
                        Map.of("provider", identity.provider()));
            } else if (sameEmail.isPresent()) {
                throw ApiException.conflict("An account with this email already exists. Sign in to it with its password; "
                        + identity.provider() + " sign-in cannot be linked to it by email.");
            } else {
                user = create(handle, identity, caller, now);
            }
        }
        if (identity.emailVerified() && identity.email() != null) {
            verification.vouchedFor(handle, user.id(), identity.email());
        }
        Optional<MfaChallengeResponse> secondStep = mfa.challengeIfEnrolled(handle, user, List.of(identity.provider()), caller);
        if (secondStep.isPresent()) {
            return secondStep.get();
        }
        handle.attach(UserDao.class).recordLogin(user.id(), now);
        User current = users.byId(handle, user.id()).orElseThrow();
        audit.record(handle, AuditAction.LOGIN_SUCCEEDED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                Map.of("provider", identity.provider()));
        return sessions.start(handle, current, caller, SessionAuthentication.of(List.of(identity.provider()), now));
    }

    private User create(Handle handle, VerifiedIdToken identity, Caller caller, Instant now) {
        if (identity.email() == null) {
            throw ApiException.unauthorized("The ID token carries no email address; an account needs one.");
        }
        UUID id = UUID.randomUUID();
        Optional<Invites.Grant> grant = identity.emailVerified()
                ? invites.acceptNewestFor(handle, identity.email(), id) : Optional.empty();
        handle.attach(UserDao.class).insert(id, identity.email(), fullName(identity), null,
                new String[] {grant.map(Invites.Grant::role).orElse("user")},
                grant.map(Invites.Grant::orgId).orElse(null), grant.map(Invites.Grant::orgType).orElse(null), now);
        handle.attach(IdentityDao.class).insert(identity.provider(), identity.subject(), id, identity.email(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", identity.provider());
        grant.ifPresent(g -> details.put("inviteId", g.inviteId().toString()));
        audit.record(handle, AuditAction.REGISTERED, new AuditEntry(id, id, identity.email()), caller, details);
        grant.ifPresent(g -> invites.recordAccepted(handle, g, id, identity.email(), caller, identity.provider()));
        return users.byId(handle, id).orElseThrow();
    }

    private void refuseDisabled(User user, VerifiedIdToken identity, Caller caller) {
        if (user.disabled()) {
            audit.record(AuditAction.LOGIN_DISABLED, new AuditEntry(user.id(), null, user.email()), caller,
                    Map.of("provider", identity.provider()));
            throw ApiException.forbidden("This account is disabled. Contact your administrator.");
        }
    }

    /** The token's {@code name} when it is a usable full name, else the email's local part. */
    private static String fullName(VerifiedIdToken identity) {
        String name = identity.name() == null ? "" : identity.name().strip();
        if (name.isEmpty() || name.chars().anyMatch(Character::isISOControl) || name.indexOf('\0') >= 0) {
            name = identity.email().substring(0, identity.email().indexOf('@'));
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}
