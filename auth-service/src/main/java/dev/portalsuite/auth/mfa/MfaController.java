package dev.portalsuite.auth.mfa;

import dev.portalsuite.auth.account.User;
import dev.portalsuite.auth.mfa.passkey.PasskeyService;
import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.auth.mfa.stepup.StepUpService;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Caller;
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
        ctx.json(signIn.complete(request, Caller.of(ctx)));
    }

    private void status(Context ctx) {
        ctx.json(settings.status(Caller.of(ctx).userId()));
    }

    private void startTotp(Context ctx) {
        Caller caller = Caller.of(ctx);
        ctx.json(settings.startTotp(caller.userId(), caller));
    }

    private void confirmTotp(Context ctx) {
        ConfirmTotpRequest request = requests.body(ctx, ConfirmTotpRequest.class);
        Caller caller = Caller.of(ctx);
        ctx.json(settings.confirmTotp(caller.userId(), caller.principal().sessionUuid(), request.code(), caller));
    }

    private void removeTotp(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        settings.removeTotp(caller.userId(), caller);
        ctx.status(204);
    }

    private void regenerateRecoveryCodes(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        ctx.json(settings.regenerateRecoveryCodes(caller.userId(), caller));
    }

    private void stepUp(Context ctx) {
        StepUpRequest request = requests.body(ctx, StepUpRequest.class);
        Caller caller = Caller.of(ctx);
        User user = stepUps.signedInUser(caller);
        if (request.credential() != null && !request.credential().isNull()) {
            if (request.method() != null || request.code() != null) {
                throw ApiException.badRequest("Send either method and code, or a passkey credential.");
            }
            if (!request.credential().isObject()) {
                throw ApiException.invalidField("credential", "must be a WebAuthn assertion object");
            }
            passkeys.verifyForStepUp(user, request.credential().toString(), caller);
            ctx.json(stepUps.complete(caller, user, SecondFactorCheck.WEBAUTHN, PasskeyService.AMR, null));
            return;
        }
        CodeRequest code = new CodeRequest(request.method(), request.code());
        SecondFactorCheck.Passed passed = factors.check(user, code, "step_up", caller);
        ctx.json(stepUps.complete(caller, user, passed.method(), passed.amr(), passed.recoveryCodesLeft()));
    }

    private void reset(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        settings.reset(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
        ctx.status(204);
    }
}
