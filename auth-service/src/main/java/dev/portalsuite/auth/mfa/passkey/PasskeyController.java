package dev.portalsuite.auth.mfa.passkey;

import dev.portalsuite.auth.mfa.stepup.StepUp;
import dev.portalsuite.shared.security.Access;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Passkey registration and management ({@code /api/auth/me/mfa/passkeys}) and passkey sign-in. */
public final class PasskeyController {
    private final PasskeyService passkeys;
    private final StepUp stepUp;
    private final Requests requests;

    public PasskeyController(PasskeyService passkeys, StepUp stepUp, Requests requests) {
        this.passkeys = passkeys;
        this.stepUp = stepUp;
        this.requests = requests;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/login/webauthn/options", this::signInOptions);
        routes.post("/api/auth/login/webauthn", this::signIn);
        routes.post("/api/auth/me/mfa/passkeys/options", this::creationOptions, Access.PERSON, Access.MFA_ENROLMENT);
        routes.post("/api/auth/me/mfa/passkeys", this::register, Access.PERSON, Access.MFA_ENROLMENT);
        routes.patch("/api/auth/me/mfa/passkeys/{id}", this::rename, Access.PERSON);
        routes.delete("/api/auth/me/mfa/passkeys/{id}", this::remove, Access.PERSON);
    }

    private void signInOptions(Context ctx) {
        PasskeyRequests.SignInOptions request = requests.body(ctx, PasskeyRequests.SignInOptions.class);
        ctx.json(passkeys.signInOptions(request, Caller.of(ctx)));
    }

    private void signIn(Context ctx) {
        ctx.json(passkeys.signIn(requests.body(ctx, PasskeyRequests.SignIn.class), Caller.of(ctx)));
    }

    private void creationOptions(Context ctx) {
        ctx.json(passkeys.creationOptions(Caller.of(ctx).userId()));
    }

    private void register(Context ctx) {
        PasskeyRequests.Register request = requests.body(ctx, PasskeyRequests.Register.class);
        Caller caller = Caller.of(ctx);
        ctx.status(201).json(passkeys.register(caller.userId(), caller.principal().sessionUuid(), request, caller));
    }

    private void rename(Context ctx) {
        var id = Requests.uuidPath(ctx, "id");
        PasskeyRequests.Rename request = requests.body(ctx, PasskeyRequests.Rename.class);
        Caller caller = Caller.of(ctx);
        ctx.json(passkeys.rename(caller.userId(), id, request, caller));
    }

    private void remove(Context ctx) {
        Caller caller = Caller.of(ctx);
        stepUp.require(caller);
        passkeys.remove(caller.userId(), Requests.uuidPath(ctx, "id"), caller);
        ctx.status(204);
    }
}
