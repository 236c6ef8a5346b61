package dev.portalsuite.auth.mfa.stepup;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.account.Users;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mfa.MfaTokenPair;
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
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code POST /api/auth/step-up}: a signed-in person proves a second factor again and gets a fresh pair for the same
 * session, whose {@code amr} includes the factor and whose {@code auth_time} is now. The session keeps the raised
 * authentication, so refreshed tokens carry it until {@code STEP_UP_MAX_AGE} makes it too old for sensitive actions.
 */
public final class StepUpService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final Users users;
    private final SessionService sessions;
    private final AuditLog<AuditEntry> audit;

    public StepUpService(Jdbi jdbi, Clock clock, Users users, SessionService sessions, AuditLog<AuditEntry> audit) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** The signed-in person behind the caller's token. */
    public User signedInUser(Caller caller) {
        return users.byId(caller.userId())
                .orElseThrow(() -> ApiException.unauthorized("The session of this token has ended."));
    }

    /** After the factor passed: raises the session's authentication and issues the fresh pair. */
    public MfaTokenPair complete(Caller caller, User user, String method, List<String> factorAmr,
                                 Integer recoveryCodesLeft) {
        UUID sessionId = caller.principal().sessionUuid();
        TokenPair pair = jdbi.inTransaction(handle -> {
            Instant now = clock.instant();
            SessionAuthentication current = sessions.authentication(sessionId)
                    .orElseThrow(() -> ApiException.unauthorized("The session of this token has ended."));
            SessionAuthentication raised = new SessionAuthentication(current.amr(), now, false).withSecondFactor(factorAmr, now);
            TokenPair fresh = sessions.reauthenticate(handle, user, sessionId, raised)
                    .orElseThrow(() -> ApiException.unauthorized("The session of this token has ended."));
            audit.record(handle, AuditAction.MFA_STEP_UP, new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of("method", method, "sessionId", caller.principal().sessionId()));
            return fresh;
        });
        return MfaTokenPair.of(pair, recoveryCodesLeft);
    }
}
