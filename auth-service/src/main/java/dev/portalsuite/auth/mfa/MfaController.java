package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.mfa.passkey.PasskeyService;
import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.auth.mfa.stepup.StepUpService;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.AccessControl;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The second step of a sign-in, the caller's own factors ({@code /api/auth/me/mfa...}), step-up, and an
 * administrator's MFA reset. Enrolment routes are the only ones a token with scope {@code mfa:enroll} may use.
 */
public final class MfaController {
    private final MfaSignIn signIn;
    private final MfaSettings settings;
    private final SecondFactorCheck factors;
    private final StepUp stepUp;
    private final StepUpService stepUps;
    private final PasskeyService passkeys;
    private final Requests requests;

    public MfaController(MfaSignIn signIn, MfaSettings settings, SecondFactorCheck factors, StepUp stepUp,
                         StepUpService stepUps, PasskeyService passkeys, Requests requests) {
        this.passkeys = passkeys;
        this.signIn = signIn;
        this.settings = settings;
        this.factors = factors;
        this.stepUp = stepUp;
        this.stepUps = stepUps;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/login/mfa", this::secondStep);
        routes.get("/api/auth/me/mfa", this::status, Access.PERSON, Access.MFA_ENROLMENT);
        routes.post("/api/auth/me/mfa/totp", this::startTotp, Access.PERSON, Access.MFA_ENROLMENT);
        routes.post("/api/auth/me/mfa/totp/confirm", this::confirmTotp, Access.PERSON, Access.MFA_ENROLMENT);
        routes.delete("/api/auth/me/mfa/totp", this::removeTotp, Access.PERSON);
        routes.post("/api/auth/me/mfa/recovery-codes", this::regenerateRecoveryCodes, Access.PERSON);
        routes.post("/api/auth/step-up", this::stepUp, Access.PERSON);
        routes.post("/api/auth/admin/users/{id}/mfa/reset", this::reset, Role.ADMIN);
    }

    private void secondStep(Context ctx) {
        MfaLoginRequest request = requests.body(ctx, MfaLoginRequest.class);
        ctx.json(signIn.complete(request, RequestOrigin.of(ctx)));
    }

    private void status(Context ctx) {
        ctx.json(settings.status(AccessControl.principal(ctx).userId()));
    }

    private void startTotp(Context ctx) {
        ctx.json(settings.startTotp(AccessControl.principal(ctx).userId(), RequestOrigin.of(ctx)));
    }

    private void confirmTotp(Context ctx) {
        ConfirmTotpRequest request = requests.body(ctx, ConfirmTotpRequest.class);
        Principal principal = AccessControl.principal(ctx);
        ctx.json(settings.confirmTotp(principal.userId(), principal.sessionUuid(), request.code(), RequestOrigin.of(ctx)));
    }

    private void removeTotp(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        stepUp.require(principal);
        settings.removeTotp(principal.userId(), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private void regenerateRecoveryCodes(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        stepUp.require(principal);
        ctx.json(settings.regenerateRecoveryCodes(principal.userId(), RequestOrigin.of(ctx)));
    }

    private void stepUp(Context ctx) {
        StepUpRequest request = requests.body(ctx, StepUpRequest.class);
        Principal principal = AccessControl.principal(ctx);
        RequestOrigin origin = RequestOrigin.of(ctx);
        User user = stepUps.caller(principal);
        if (request.credential() != null && !request.credential().isNull()) {
            if (request.method() != null || request.code() != null) {
                throw ApiException.badRequest("Send either method and code, or a passkey credential.");
            }
            if (!request.credential().isObject()) {
                throw ApiException.invalidField("credential", "must be a WebAuthn assertion object");
            }
            passkeys.verifyForStepUp(user, request.credential().toString(), origin);
            ctx.json(stepUps.complete(principal, user, SecondFactorCheck.WEBAUTHN, PasskeyService.AMR, null, origin));
            return;
        }
        CodeRequest code = new CodeRequest(request.method(), request.code());
        SecondFactorCheck.Passed passed = factors.check(user, code, "step_up", origin);
        ctx.json(stepUps.complete(principal, user, passed.method(), passed.amr(), passed.recoveryCodesLeft(), origin));
    }

    private void reset(Context ctx) {
        Principal principal = AccessControl.principal(ctx);
        stepUp.require(principal);
        settings.reset(principal.userId(), Requests.uuidPath(ctx, "id"), RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
