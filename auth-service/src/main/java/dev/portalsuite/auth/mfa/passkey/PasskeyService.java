package dev.portalsuite.auth.mfa.passkey;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.UserDao;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mfa.MfaSettings;
import dev.portalsuite.auth.mfa.MfaSignIn;
import dev.portalsuite.auth.mfa.MfaTokenPair;
import dev.portalsuite.auth.mfa.SecondFactorCheck;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.auth.session.TokenPair;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Passkeys as a person's factor: register several (named), rename, remove; use one as the second step of a sign-in,
 * for a step-up, or to sign in without a password. Every passkey was registered with user verification, so an
 * assertion proves possession and the user's PIN or biometric: {@code amr} {@code hwk user mfa}.
 */
public final class PasskeyService {
    public static final List<String> AMR = List.of(SessionAuthentication.HARDWARE_KEY, SessionAuthentication.USER_PRESENCE_VERIFIED);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final Passkeys passkeys;
    private final MfaSignIn signIn;
    private final MfaSettings settings;
    private final SecondFactorCheck factors;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final AuditLog<AuditEntry> audit;
    private final SecurityAlerts alerts;

    public PasskeyService(Jdbi jdbi, Clock clock, Users users, Passkeys passkeys, MfaSignIn signIn, MfaSettings settings,
                          SecondFactorCheck factors, SessionService sessions, RateLimiter rateLimiter,
                          AuditLog<AuditEntry> audit, SecurityAlerts alerts) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.settings = settings;
        this.factors = factors;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.alerts = alerts;
    }

    public WebAuthnOptions.Creation creationOptions(UUID userId) {
        User user = existing(userId);
        return passkeys.creationOptions(user.id(), user.email(), user.fullName());
    }

    /** Stores a new passkey; in a session restricted to enrolment this is the factor that lifts the restriction. */
    public PasskeyResponse register(UUID userId, UUID sessionId, PasskeyRequests.Register request, Caller caller) {
        String name = Passkeys.name(request.name());
        if (request.credential() == null || !request.credential().isObject()) {
            throw ApiException.invalidField("credential", "is required");
        }
        User user = existing(userId);
        return jdbi.inTransaction(handle -> {
            PasskeyResponse passkey = passkeys.register(handle, userId, name, request.credential().toString());
            settings.liftEnrolmentRestriction(handle, userId, sessionId, AMR);
            audit.record(handle, AuditAction.MFA_PASSKEY_REGISTERED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of("passkeyId", passkey.id().toString(), "name", passkey.name()));
            alerts.secondFactorChanged(handle, user, "a passkey named \"" + passkey.name() + "\" was added", caller);
            return passkey;
        });
    }

    public PasskeyResponse rename(UUID userId, UUID id, PasskeyRequests.Rename request, Caller caller) {
        String name = Passkeys.name(request.name());
        User user = existing(userId);
        PasskeyResponse renamed = passkeys.rename(userId, id, name)
                .orElseThrow(() -> ApiException.notFound("No passkey of yours with this id."));
        audit.record(AuditAction.MFA_PASSKEY_RENAMED, new AuditEntry(userId, userId, user.email()), caller,
                Map.of("passkeyId", id.toString(), "name", name));
        return renamed;
    }

    public void remove(UUID userId, UUID id, Caller caller) {
        User user = existing(userId);
        jdbi.useTransaction(handle -> {
            if (!passkeys.remove(handle, userId, id)) {
                throw ApiException.notFound("No passkey of yours with this id.");
            }
            settings.dropRecoveryCodesWithoutFactor(handle, userId);
            audit.record(handle, AuditAction.MFA_PASSKEY_REMOVED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of("passkeyId", id.toString()));
            alerts.secondFactorChanged(handle, user, "a passkey was removed", caller);
        });
    }

    /** Request options: bound to a pending sign-in with {@code mfaToken}, otherwise for a passwordless sign-in. */
    public WebAuthnOptions.Request signInOptions(PasskeyRequests.SignInOptions request, Caller caller) {
        if (request.mfaToken() != null) {
            MfaSignIn.Pending pending = signIn.pending(request.mfaToken(), caller);
            return passkeys.requestOptions(pending.userId(), pending.tokenHash());
        }
        rateLimiter.check("login", caller.ip());
        return passkeys.requestOptions(null, null);
    }

    /** {@code POST /api/auth/login/webauthn}: the second step with a passkey, or a passwordless sign-in. */
    public MfaTokenPair signIn(PasskeyRequests.SignIn request, Caller caller) {
        if (request.credential() == null || !request.credential().isObject()) {
            throw ApiException.invalidField("credential", "is required");
        }
        String credential = request.credential().toString();
        if (request.mfaToken() != null) {
            MfaSignIn.Pending pending = signIn.pending(request.mfaToken(), caller);
            factors.check(pending.user(), SecondFactorCheck.WEBAUTHN, "sign_in", caller,
                    () -> passkeys.verifyAssertion(credential, pending.userId(), pending.tokenHash()).isPresent());
            return MfaTokenPair.of(signIn.finish(pending, SecondFactorCheck.WEBAUTHN, AMR, caller), null);
        }
        rateLimiter.check("login", caller.ip());
        Optional<Passkeys.Asserted> asserted = passkeys.verifyAssertion(credential, null, null);
        if (asserted.isEmpty()) {
            audit.record(AuditAction.LOGIN_FAILED, new AuditEntry(null, null, null), caller, Map.of("method", "passkey"));
            throw ApiException.unauthorized("The passkey could not be verified.");
        }
        User user = users.byId(asserted.get().userId()).orElseThrow(() -> ApiException.unauthorized("The passkey could not be verified."));
        if (user.disabled()) {
            audit.record(AuditAction.LOGIN_DISABLED, new AuditEntry(user.id(), null, user.email()), caller,
                    Map.of("method", "passkey"));
            throw ApiException.forbidden("This account is disabled. Contact your administrator.");
        }
        TokenPair pair = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            handle.attach(UserDao.class).recordLogin(user.id(), now);
            User current = users.byId(handle, user.id()).orElseThrow();
            audit.record(handle, AuditAction.LOGIN_SUCCEEDED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of("method", "passkey", "passkeyId", asserted.get().passkeyId().toString()));
            return sessions.start(handle, current, caller,
                    SessionAuthentication.of(List.of(SessionAuthentication.HARDWARE_KEY,
                            SessionAuthentication.USER_PRESENCE_VERIFIED, SessionAuthentication.MULTI_FACTOR), now));
        });
        return MfaTokenPair.of(pair, null);
    }

    /** A step-up with a passkey of the caller's (the challenge from {@code POST /api/auth/login/webauthn/options}). */
    public void verifyForStepUp(User user, String credentialJson, Caller caller) {
        factors.check(user, SecondFactorCheck.WEBAUTHN, "step_up", caller,
                () -> passkeys.verifyAssertion(credentialJson, user.id(), null).isPresent());
    }

    private User existing(UUID userId) {
        return users.byId(userId).orElseThrow(() -> ApiException.unauthorized("The session of this token has ended."));
    }
}
