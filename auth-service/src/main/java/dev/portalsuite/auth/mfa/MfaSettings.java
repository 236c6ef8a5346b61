package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mfa.recovery.RecoveryCodes;
import dev.portalsuite.auth.mfa.totp.Totp;
import dev.portalsuite.auth.mfa.totp.TotpEnrolment;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.auth.session.SessionService;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A person's own second factors (status, authenticator enrolment and removal, recovery codes) and an
 * administrator's reset of someone's. Which routes need a step-up is the controller's business; the rules are here.
 */
public final class MfaSettings {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final Totp totp;
    private final RecoveryCodes recoveryCodes;
    private final SessionService sessions;
    private final AuditLog<AuditEntry> audit;
    private final SecurityAlerts alerts;

    public MfaSettings(Jdbi jdbi, Clock clock, Users users, Totp totp, RecoveryCodes recoveryCodes, SessionService sessions,
                       AuditLog<AuditEntry> audit, SecurityAlerts alerts) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.sessions = sessions;
        this.audit = audit;
        this.alerts = alerts;
    }

    public MfaStatusResponse status(UUID userId) {
        return jdbi.withHandle(handle -> {
            StatusDao dao = handle.attach(StatusDao.class);
            Instant confirmedAt = dao.totpConfirmedAt(userId).orElse(null);
            return new MfaStatusResponse(new MfaStatusResponse.Totp(confirmedAt != null, confirmedAt), dao.passkeys(userId),
                    handle.attach(FactorDao.class).factors(userId).recoveryCodesLeft());
        });
    }

    /** A new pending authenticator secret; 409 when one is already confirmed (remove it first). */
    public TotpEnrolment startTotp(UUID userId, Caller caller) {
        User user = existing(userId);
        return jdbi.inTransaction(handle -> {
            TotpEnrolment enrolment = totp.startEnrolment(handle, userId, user.email()).orElseThrow(() ->
                    ApiException.conflict("An authenticator app is already set up; remove it before enrolling another."));
            audit.record(handle, AuditAction.MFA_TOTP_ENROLMENT_STARTED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of());
            return enrolment;
        });
    }

    /**
     * Activates the pending authenticator with its current code and issues ten recovery codes (any earlier set is
     * void). A session restricted to enrolment ({@code mfa:enroll}) has now proven both factors: it becomes a full
     * multi-factor session, which its next refresh shows.
     */
    public RecoveryCodesResponse confirmTotp(UUID userId, UUID sessionId, String code, Caller caller) {
        if (code == null || code.isBlank()) {
            throw ApiException.invalidField("code", "is required");
        }
        User user = existing(userId);
        return jdbi.inTransaction(handle -> {
            switch (totp.confirm(handle, userId, code.strip())) {
                case WRONG_CODE -> throw ApiException.invalidField("code", "is not the authenticator's current code");
                case NOTHING_PENDING -> throw ApiException.conflict(
                        "No authenticator enrolment is pending; start one with POST /api/auth/me/mfa/totp.");
                case CONFIRMED -> { }
            }
            List<String> codes = recoveryCodes.replace(handle, userId);
            liftEnrolmentRestriction(handle, userId, sessionId, List.of(SessionAuthentication.OTP));
            audit.record(handle, AuditAction.MFA_TOTP_CONFIRMED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of("recoveryCodesIssued", codes.size()));
            alerts.secondFactorChanged(handle, user, "an authenticator app was added as a second factor", caller);
            return new RecoveryCodesResponse(codes);
        });
    }

    /**
     * After a first second factor is confirmed in a session restricted to enrolment: both factors are proven.
     *
     * @param factor the RFC 8176 values of the factor just proven
     */
    public void liftEnrolmentRestriction(Handle handle, UUID userId, UUID sessionId, List<String> factor) {
        if (sessionId == null) {
            return;
        }
        sessions.authentication(sessionId).filter(SessionAuthentication::enrolmentOnly).ifPresent(current -> {
            Instant now = clock.instant();
            sessions.reauthenticate(handle, userId, sessionId,
                    new SessionAuthentication(current.amr(), now, false).withSecondFactor(factor, now));
        });
    }

    /** Removes the caller's authenticator; with no factor left, the recovery codes go too. */
    public void removeTotp(UUID userId, Caller caller) {
        User user = existing(userId);
        jdbi.useTransaction(handle -> {
            if (!totp.remove(handle, userId)) {
                throw ApiException.notFound("No authenticator app is set up.");
            }
            dropRecoveryCodesWithoutFactor(handle, userId);
            audit.record(handle, AuditAction.MFA_TOTP_REMOVED, new AuditEntry(userId, userId, user.email()), caller,
                    Map.of());
            alerts.secondFactorChanged(handle, user, "the authenticator app was removed as a second factor", caller);
        });
    }

    public void dropRecoveryCodesWithoutFactor(Handle handle, UUID userId) {
        if (!handle.attach(FactorDao.class).factors(userId).any()) {
            recoveryCodes.deleteAll(handle, userId);
        }
    }

    /** A fresh set of ten recovery codes; the old set is void. 409 without a second factor. */
    public RecoveryCodesResponse regenerateRecoveryCodes(UUID userId, Caller caller) {
        User user = existing(userId);
        return jdbi.inTransaction(handle -> {
            if (!handle.attach(FactorDao.class).factors(userId).any()) {
                throw ApiException.conflict("Recovery codes need a second factor; set one up first.");
            }
            List<String> codes = recoveryCodes.replace(handle, userId);
            audit.record(handle, AuditAction.MFA_RECOVERY_CODES_REGENERATED, new AuditEntry(userId, userId, user.email()),
                    caller,
                    Map.of("recoveryCodesIssued", codes.size()));
            return new RecoveryCodesResponse(codes);
        });
    }

    /** An administrator removes every second factor of a user and ends the user's sessions. */
    public void reset(UUID actorId, UUID userId, Caller caller) {
        jdbi.useTransaction(handle -> {
            User user = users.byId(handle, userId).orElseThrow(() -> ApiException.notFound("No user with this id."));
            FactorDao.Factors before = handle.attach(FactorDao.class).factors(userId);
            handle.attach(StatusDao.class).removeAll(userId);
            int revoked = sessions.revokeAll(handle, userId, null, "mfa_reset");
            audit.record(handle, AuditAction.MFA_RESET, new AuditEntry(userId, actorId, user.email()), caller,
                    Map.of("totp", before.totp(), "passkeys", before.passkeys(), "sessionsRevoked", revoked));
            if (before.any()) {
                alerts.secondFactorChanged(handle, user, "an administrator removed every second factor and signed out"
                        + " every session", caller);
            }
        });
    }

    private User existing(UUID userId) {
        return users.byId(userId).orElseThrow(() -> ApiException.unauthorized("The session of this token has ended."));
    }
}
