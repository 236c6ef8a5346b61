package dev.portalsuite.console.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.SecondFactor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /login/mfa}: the second sign-in step (a code from an authenticator app, a recovery code, or a passkey) for
 * an account with a second factor; and the passwordless "Sign in with a passkey" of the sign-in page. The
 * {@code mfaToken} stays in the console ({@link PendingSignIn}).
 */
public final class SecondStepController {
    private final Pages pages;
    private final LoginController login;
    private final PendingSignIn pending;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SecondStepController(Pages pages, LoginController login, PendingSignIn pending, ObjectMapper mapper, Clock clock) {
        this.pages = pages;
        this.login = login;
        this.pending = pending;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login/mfa", this::page);
        routes.post("/login/mfa", this::complete);
        routes.post("/login/mfa/passkey/options", this::secondStepOptions);
        routes.post("/login/passkey/options", this::passwordlessOptions);
        routes.post("/login/passkey", this::passwordless);
    }

    private void page(Context ctx) {
        Optional<PendingSignIn.Step> step = pending.find(ctx);
        if (step.isEmpty()) {
            Pages.seeOther(ctx, "/login?done=mfa-expired");
            return;
        }
        String method = "recovery".equals(ctx.queryParam("method")) ? "recovery" : "totp";
        show(ctx, 200, step.get(), Form.empty().value("method", method), "");
    }

    private void show(Context ctx, int status, PendingSignIn.Step step, Form form, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("message", message);
        model.put("totp", step.offers("totp"));
        model.put("recovery", step.offers("recovery"));
        model.put("passkey", step.offers("webauthn"));
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, status, "login-mfa.jte", "Second sign-in step", "login", model);
    }

    private void complete(Context ctx) {
        Optional<PendingSignIn.Step> found = pending.find(ctx);
        if (found.isEmpty()) {
            Pages.seeOther(ctx, "/login?done=mfa-expired");
            return;
        }
        PendingSignIn.Step step = found.get();
        JsonNode credential = SecondFactor.credential(ctx.formParam("credential"), mapper);
        String code = SecondFactor.code(ctx.formParam("code"));
        String method = SecondFactor.method(code, ctx.formParam("method"));
        Form form = Form.empty().value("method", method);
        String path;
        Map<String, Object> body = new HashMap<>();
        body.put("mfaToken", step.mfaToken());
        if (credential != null) {
            path = "/api/auth/login/webauthn";
            body.put("credential", credential);
        } else if (code.isEmpty()) {
            show(ctx, 400, step, form.error("code", method.equals("recovery") ? "Enter one of your recovery codes."
                    : "Enter the six-digit code from your authenticator app."), "");
            return;
        } else {
            path = "/api/auth/login/mfa";
            body.putAll(SecondFactor.codeBody(method, code));
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post(path, body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, step, form, "We could not reach the sign-in service, so you are not signed in yet. Try again in a moment.");
            return;
        }
        if (result.ok() && result.json().has("accessToken")) {
            pending.clear(ctx);
            login.signIn(ctx, result.json());
            JsonNode left = result.json().path("recoveryCodesLeft");
            Pages.seeOther(ctx, left.isNumber() ? "/account/security?done=recovery-used" : Pages.localPath(step.next()));
            return;
        }
        switch (result.status()) {
            case 401 -> {
                if (SecondFactor.factorRefused(result)) {
                    show(ctx, 401, step, credential != null ? form : form.error("code", SecondFactor.wrongCode(method)),
                            credential != null ? "That passkey could not sign you in. Try again, or use a code." : "");
                } else {
                    pending.clear(ctx);
                    Pages.seeOther(ctx, "/login?done=mfa-expired");
                }
            }
            case 423 -> show(ctx, 423, step, form, SecondFactor.lockedMessage(result, clock));
            case 400 -> show(ctx, 400, step, form.errors(result.fieldErrors()), result.detail("Check the code and try again."));
            case 403 -> {
                pending.clear(ctx);
                login.showSignIn(ctx, 403, Form.empty(), result.detail("This account cannot sign in. Ask your administrator."));
            }
            default -> show(ctx, result.unavailable() ? 503 : 400, step, form, result.unavailable()
                    ? "The sign-in service is busy right now. Wait a moment and try again."
                    : result.detail("You could not be signed in. Try again."));
        }
    }

    private void secondStepOptions(Context ctx) {
        Optional<PendingSignIn.Step> step = pending.find(ctx);
        if (step.isEmpty()) {
            Pages.json(ctx, new ApiResult("console", 401, mapper.createObjectNode()
                    .put("detail", "The second sign-in step expired. Sign in again."), Map.of()));
            return;
        }
        Pages.json(ctx, pages.anonymous(ctx).post("/api/auth/login/webauthn/options", Map.of("mfaToken", step.get().mfaToken())));
    }

    private void passwordlessOptions(Context ctx) {
        Pages.json(ctx, pages.anonymous(ctx).post("/api/auth/login/webauthn/options", Map.of()));
    }

    private void passwordless(Context ctx) {
        JsonNode credential = SecondFactor.credential(ctx.formParam("credential"), mapper);
        String next = Pages.localPath(ctx.formParam("next"));
        if (credential == null) {
            login.showSignIn(ctx, 400, Form.empty().value("next", next), "Your browser did not send a passkey. Try again, "
                    + "or sign in with your email and password.");
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/login/webauthn", Map.of("credential", credential));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            login.showSignIn(ctx, 503, Form.empty().value("next", next), "We could not reach the sign-in service, so you are "
                    + "not signed in yet. Try again in a moment.");
            return;
        }
        if (result.ok() && result.json().has("accessToken")) {
            login.signIn(ctx, result.json());
            Pages.seeOther(ctx, next);
            return;
        }
        login.showSignIn(ctx, result.unavailable() ? 503 : result.status() == 429 ? 429 : 401, Form.empty().value("next", next),
                switch (result.status()) {
                    case 429 -> "Too many sign-in attempts from your network. Wait a few minutes and try again.";
                    case 423 -> SecondFactor.lockedMessage(result, clock);
                    case 403 -> result.detail("This account cannot sign in. Ask your administrator.");
                    default -> result.unavailable() ? "The sign-in service is busy right now. Wait a moment and try again."
                            : "That passkey could not sign you in. It may have been removed from your account; "
                                    + "sign in with your email and password instead.";
                });
    }
}
