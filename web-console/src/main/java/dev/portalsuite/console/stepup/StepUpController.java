package dev.portalsuite.console.stepup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.SecondFactor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code /step-up}: sensitive actions (RFC 9470) want a recent second factor. When an API asks for one, the console
 * keeps the session and comes here; a code (authenticator app or recovery code) or a passkey proves the factor again,
 * auth-service answers a fresh token pair for the same session, and the user goes back to the page the form was on,
 * to submit it again (a POST is never replayed behind their back).
 */
public final class StepUpController {
    private final Pages pages;
    private final ObjectMapper mapper;
    private final Clock clock;

    public StepUpController(Pages pages, ObjectMapper mapper, Clock clock) {
        this.pages = pages;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/step-up", this::page);
        routes.post("/step-up", this::stepUp);
        routes.post("/step-up/passkey/options", this::passkeyOptions);
    }

    private void page(Context ctx) {
        pages.require(ctx);
        show(ctx, 200, Form.empty().value("method", "recovery".equals(ctx.queryParam("method")) ? "recovery" : "totp"),
                Pages.localPath(ctx.queryParam("return")), "");
    }

    private void show(Context ctx, int status, Form form, String returnTo, String message) {
        Factors factors = Factors.UNKNOWN;
        try {
            ApiResult result = pages.api(ctx).get("/api/auth/me/mfa").orFail();
            if (result.ok()) {
                JsonNode mfa = result.json();
                factors = new Factors(mfa.path("totp").path("enrolled").asBoolean(false), mfa.path("passkeys").size() > 0,
                        mfa.path("recoveryCodesLeft").asInt(0) > 0);
            }
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("returnTo", returnTo);
        model.put("message", message);
        model.put("factors", factors);
        pages.render(ctx, status, "step-up.jte", "Confirm it's you", "", model);
    }

    private void stepUp(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        String returnTo = Pages.localPath(ctx.formParam("return"));
        JsonNode credential = SecondFactor.credential(ctx.formParam("credential"), mapper);
        String code = SecondFactor.code(ctx.formParam("code"));
        String method = SecondFactor.method(code, ctx.formParam("method"));
        Form form = Form.empty().value("method", method);
        Map<String, Object> body;
        if (credential != null) {
            body = Map.of("credential", credential);
        } else if (code.isEmpty()) {
            show(ctx, 400, form.error("code", "Enter the code from your authenticator app, or a recovery code."), returnTo, "");
            return;
        } else {
            body = SecondFactor.codeBody(method, code);
        }
        ApiResult result;
        try {
            result = pages.api(ctx).post("/api/auth/step-up", body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            show(ctx, 503, form, returnTo, "The sign-in service did not answer. Try again in a moment.");
            return;
        }
        if (result.ok()) {
            pages.sessions().replaceTokens(session, result.json());
            Pages.seeOther(ctx, returnTo + (returnTo.contains("?") ? "&" : "?") + "done=stepped-up");
            return;
        }
        switch (result.status()) {
            case 423 -> show(ctx, 423, form, returnTo, SecondFactor.lockedMessage(result, clock));
            case 400 -> show(ctx, 400, form.errors(result.fieldErrors()), returnTo, result.detail("Check the code and try again."));
            case 401 -> {
                if (!SecondFactor.factorRefused(result)) {
                    result.orFail(); // the session itself was refused: it ends
                }
                if (credential != null) {
                    show(ctx, 401, form, returnTo, "That passkey could not confirm it's you. Try again, or use a code.");
                } else {
                    show(ctx, 401, form.error("code", SecondFactor.wrongCode(method)), returnTo, "");
                }
            }
            case 409 -> show(ctx, 409, form, returnTo, "");
            default -> {
                result.orFail();
                show(ctx, 400, form, returnTo, result.detail("Your code could not be checked. Try again."));
            }
        }
    }

    /** WebAuthn request options for a passkey step-up, fetched by the page's script (JSON, CSRF header). */
    private void passkeyOptions(Context ctx) {
        pages.require(ctx);
        ApiResult result = pages.api(ctx).post("/api/auth/login/webauthn/options", Map.of());
        Pages.json(ctx, result);
    }

    /** Which second factors the user has, to offer the right ways to confirm. */
    public record Factors(boolean totp, boolean passkeys, boolean recoveryCodes) {
        static final Factors UNKNOWN = new Factors(true, false, true);

        public boolean any() {
            return totp || passkeys || recoveryCodes;
        }
    }
}
