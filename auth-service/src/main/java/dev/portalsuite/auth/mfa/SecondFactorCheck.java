package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.alert.SecurityAlerts;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.mfa.recovery.RecoveryCodes;
import dev.portalsuite.auth.mfa.totp.Totp;
import dev.portalsuite.auth.session.SessionAuthentication;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks a typed second factor (authenticator code or recovery code) for a sign-in's second step or a step-up.
 * An attempt is claimed against the account's MFA counter before the code is looked at; a failure is audited and
 * answers a plain 401 whatever was wrong (wrong code, wrong period, a code already used, no such factor).
 */
public final class SecondFactorCheck {
    public static final String TOTP = "totp";
    public static final String RECOVERY = "recovery";
    public static final String WEBAUTHN = "webauthn";
    private static final int MAX_CODE_LENGTH = 64;

    private final Jdbi jdbi;
    private final Totp totp;
    private final RecoveryCodes recoveryCodes;
    private final MfaAttempts attempts;
    private final AuditLog<AuditEntry> audit;
    private final SecurityAlerts alerts;

    public SecondFactorCheck(Jdbi jdbi, Totp totp, RecoveryCodes recoveryCodes, MfaAttempts attempts,
                             AuditLog<AuditEntry> audit, SecurityAlerts alerts) {
        this.jdbi = jdbi;
        this.totp = totp;
        this.recoveryCodes = recoveryCodes;
        this.attempts = attempts;
        this.audit = audit;
        this.alerts = alerts;
    }

    /** A passed check: the method, the RFC 8176 values it adds, and (for a recovery code) how many are left. */
    public record Passed(String method, List<String> amr, Integer recoveryCodesLeft) {
    }

    /** 400 unless the request names a typed method and carries a code. */
    public static void validate(CodeRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.method() == null || !(request.method().equals(TOTP) || request.method().equals(RECOVERY))) {
            errors.add(new FieldError("method", "must be totp or recovery"));
        }
        if (request.code() == null || request.code().isBlank()) {
            errors.add(new FieldError("code", "is required"));
        } else if (request.code().length() > MAX_CODE_LENGTH) {
            errors.add(new FieldError("code", "must be at most " + MAX_CODE_LENGTH + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    /** @param context {@code sign_in} or {@code step_up}, for the audit log */
    public Passed check(User user, CodeRequest request, String context, Caller caller) {
        validate(request);
        String code = request.code().strip();
        int[] left = {-1};
        check(user, request.method(), context, caller, () -> jdbi.inTransaction(handle -> {
            if (request.method().equals(TOTP)) {
                return totp.verify(handle, user.id(), code);
            }
            boolean hasFactor = handle.attach(FactorDao.class).factors(user.id()).any();
            boolean spent = recoveryCodes.spend(handle, user.id(), code);
            left[0] = recoveryCodes.remaining(handle, user.id());
            return spent && hasFactor;
        }));
        if (request.method().equals(RECOVERY)) {
            audit.record(AuditAction.MFA_RECOVERY_CODE_USED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                    Map.of("context", context, "recoveryCodesLeft", left[0]));
            alerts.recoveryCodeUsed(user, left[0], caller);
        }
        return new Passed(request.method(), List.of(SessionAuthentication.OTP),
                request.method().equals(RECOVERY) ? left[0] : null);
    }

    /**
     * Claims an attempt against the account's MFA counter, runs {@code verification}, and counts, audits and answers
     * a failure (401, or 423 once locked). Returns normally when the factor checked out.
     */
    public void check(User user, String method, String context, Caller caller, BooleanSupplier verification) {
        Optional<Integer> claimed = attempts.claim(user.id());
        if (claimed.isEmpty()) {
            audit.record(AuditAction.MFA_REFUSED_LOCKED, new AuditEntry(user.id(), null, user.email()), caller,
                    Map.of("method", method, "context", context));
            throw locked(attempts.retryAfter(user.id()));
        }
        boolean passed;
        try {
            passed = verification.getAsBoolean();
        } catch (ApiException e) {
            // a malformed request (400) is not a guess; give the attempt back by treating it as unchecked
            attempts.release(user.id());
            throw e;
        }
        if (!passed) {
            int attempt = claimed.get();
            boolean lockedNow = attempts.failed(user.id(), attempt);
            audit.record(AuditAction.MFA_CHALLENGE_FAILED, new AuditEntry(user.id(), null, user.email()), caller,
                    Map.of("method", method, "context", context, "attempt", attempt));
            if (lockedNow) {
                audit.record(AuditAction.MFA_LOCKED, new AuditEntry(user.id(), null, user.email()), caller,
                        Map.of("context", context));
            }
            throw ApiException.unauthorized(method.equals(WEBAUTHN) ? "The passkey could not be verified." : "The code is not valid.");
        }
        attempts.succeeded(user.id());
        audit.record(AuditAction.MFA_CHALLENGE_PASSED, new AuditEntry(user.id(), user.id(), user.email()), caller,
                Map.of("method", method, "context", context));
    }

    public static ApiException locked(java.time.Duration retryAfter) {
        return ApiException.locked("Too many failed second-factor attempts; the second step is temporarily locked.", retryAfter);
    }
}
