package dev.portalsuite.console.password;

import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * The pages auth-service's mails link to, and the ones that send them: "Forgot password?" (always the same answer,
 * whether or not the address has an account), the reset page of a reset link, the verify-email landing page (the
 * address is verified by a button, never by merely opening the link, so mail scanners that prefetch links change
 * nothing) and "send me a new verification link" for a signed-in person whose address is not verified yet.
 */
public final class MailLinksController {
    private static final String TOKEN_PROBLEM = "This link is invalid or has expired (each link works once, for a "
            + "limited time). Ask for a new one.";

    private final Pages pages;

    public MailLinksController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/forgot-password", this::forgotPage);
        routes.post("/forgot-password", this::forgot);
        routes.get("/reset-password", this::resetPage);
        routes.post("/reset-password", this::reset);
        routes.get("/verify-email", this::verifyPage);
        routes.post("/verify-email", this::verify);
        routes.post("/account/email/verification", this::resend);
    }

    private void forgotPage(Context ctx) {
        showForgot(ctx, 200, Form.empty(), "", false);
    }

    private void showForgot(Context ctx, int status, Form form, String message, boolean sent) {
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, status, "forgot-password.jte", sent ? "Check your mail" : "Forgot password", "login",
                Map.of("form", form, "message", message, "sent", sent));
    }

    private void forgot(Context ctx) {
        String email = trimmed(ctx.formParam("email"));
        Form form = Form.empty().value("email", email);
        if (email.isEmpty()) {
            showForgot(ctx, 400, form.error("email", "Enter the email address of your account."), "", false);
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/password/forgot", Map.of("email", email));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showForgot(ctx, 503, form, "We could not reach the sign-in service, so no mail was sent. Try again in a moment.", false);
            return;
        }
        switch (result.status()) {
            case 202, 200, 204 -> showForgot(ctx, 200, Form.empty().value("email", email), "", true);
            case 400 -> showForgot(ctx, 400, form.errors(result.fieldErrors()), result.detail("Check the email address."), false);
            case 429 -> showForgot(ctx, 429, form, "Too many requests for a new password. Wait a few minutes and try again.", false);
            default -> showForgot(ctx, result.unavailable() ? 503 : 400, form, result.unavailable()
                    ? "The sign-in service is busy right now. Try again in a moment." : result.detail("No mail was sent. Try again."), false);
        }
    }

    private void resetPage(Context ctx) {
        String token = trimmed(ctx.queryParam("token"));
        showReset(ctx, token.isEmpty() ? 400 : 200, Form.empty().value("token", token), token.isEmpty() ? TOKEN_PROBLEM : "",
                token.isEmpty());
    }

    private void showReset(Context ctx, int status, Form form, String message, boolean linkProblem) {
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, status, "reset-password.jte", "Choose a new password", "login",
                Map.of("form", form, "message", message, "linkProblem", linkProblem));
    }

    private void reset(Context ctx) {
        String token = trimmed(ctx.formParam("token"));
        String password = ctx.formParam("newPassword") == null ? "" : ctx.formParam("newPassword");
        Form form = Form.empty().value("token", token);
        if (token.isEmpty()) {
            showReset(ctx, 400, form, TOKEN_PROBLEM, true);
            return;
        }
        if (password.isEmpty()) {
            showReset(ctx, 400, form.error("newPassword", "Choose a new password."), "", false);
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/password/reset", Map.of("token", token, "newPassword", password));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showReset(ctx, 503, form, "We could not reach the sign-in service, so your password was not changed yet. "
                    + "Try again in a moment.", false);
            return;
        }
        if (result.ok()) {
            // every session of the account ended, this browser's too
            pages.session(ctx).ifPresent(pages.sessions()::forget);
            pages.cookies().clearSession(ctx);
            Pages.seeOther(ctx, "/login?done=password-reset");
            return;
        }
        if (result.status() == 400) {
            Map<String, String> errors = new HashMap<>(result.fieldErrors());
            if (errors.remove("token") != null) {
                showReset(ctx, 400, form, TOKEN_PROBLEM, true);
                return;
            }
            showReset(ctx, 400, form.errors(errors), errors.isEmpty() ? result.detail("Check the new password.") : "", false);
            return;
        }
        showReset(ctx, result.status() == 429 ? 429 : result.unavailable() ? 503 : 400, form, result.status() == 429
                ? "Too many attempts. Wait a few minutes and try again."
                : result.unavailable() ? "The sign-in service is busy right now. Try again in a moment."
                : result.detail("Your password was not changed."), false);
    }

    private void verifyPage(Context ctx) {
        if ("1".equals(ctx.queryParam("verified"))) {
            showVerify(ctx, 200, "", "", true);
            return;
        }
        String token = trimmed(ctx.queryParam("token"));
        showVerify(ctx, token.isEmpty() ? 400 : 200, token, token.isEmpty() ? "This link is incomplete. Open the link from "
                + "the mail again, or sign in and ask for a new one." : "", false);
    }

    private void showVerify(Context ctx, int status, String token, String message, boolean verified) {
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, status, "verify-email.jte", verified ? "Email verified" : "Verify your email", "login",
                Map.of("token", token, "message", message, "verified", verified));
    }

    private void verify(Context ctx) {
        String token = trimmed(ctx.formParam("token"));
        if (token.isEmpty()) {
            showVerify(ctx, 400, "", "This link is incomplete. Sign in and ask for a new one.", false);
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/email/verify", Map.of("token", token));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showVerify(ctx, 503, token, "We could not reach the sign-in service, so your address is not verified yet. "
                    + "Try again in a moment.", false);
            return;
        }
        if (result.ok()) {
            pages.session(ctx).ifPresent(session -> refreshProfile(ctx, session));
            Pages.seeOther(ctx, "/verify-email?verified=1");
            return;
        }
        showVerify(ctx, result.unavailable() ? 503 : 400, "", result.unavailable()
                ? "The sign-in service is busy right now. Try again in a moment."
                : "This link is invalid or has expired (each link works once, for a limited time). Sign in and ask for "
                        + "a new one from the notice at the top of the page.", false);
    }

    private void refreshProfile(Context ctx, ConsoleSession session) {
        try {
            ApiResult me = pages.api(ctx).get("/api/auth/me");
            if (me.ok()) {
                pages.sessions().updateProfile(session, me.json());
            }
        } catch (BackendUnavailableException e) {
            // the notice goes away at the next token refresh
        }
    }

    private void resend(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        ApiResult result = pages.api(ctx).post("/api/auth/me/email/verification", null).orFail();
        String back = Pages.localPath(ctx.formParam("return"));
        if (result.ok()) {
            Pages.seeOther(ctx, back + (back.contains("?") ? "&" : "?") + "done=verification-sent");
            return;
        }
        if (result.status() == 409) {
            refreshProfile(ctx, session);
            Pages.seeOther(ctx, back);
            return;
        }
        Pages.seeOther(ctx, back + (back.contains("?") ? "&" : "?") + "done="
                + (result.status() == 429 ? "verification-limited" : "verification-failed"));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }

}
