package dev.portalsuite.console.login;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.oidc.OidcProviders;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sign-in, sign-up (also from an invite link) and sign-out. auth-service decides; these pages explain its answers
 * the way a person needs them and start or end the console session. A new session id is issued at every sign-in.
 */
public final class LoginController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH);

    private final Pages pages;
    private final Clock clock;
    private final OidcProviders providers;
    private final PendingSignIn pending;

    public LoginController(Pages pages, Clock clock, OidcProviders providers, PendingSignIn pending) {
        this.pages = pages;
        this.clock = clock;
        this.providers = providers;
        this.pending = pending;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login", this::loginPage);
        routes.post("/login", this::login);
        routes.get("/signup", this::signupPage);
        routes.post("/signup", this::signup);
        routes.post("/logout", this::logout);
    }

    /** The sign-in page; also what {@code /} shows to someone not signed in. */
    public void showSignIn(Context ctx, int status, Form form, String message) {
        String next = Pages.localPath(form.get("next").isEmpty() ? ctx.queryParam("next") : form.get("next"));
        pages.render(ctx, status, "login.jte", "Sign in", "login",
                Map.of("form", form, "message", message == null ? "" : message, "next", next,
                        "providers", providers.byName().values()));
    }

    private void loginPage(Context ctx) {
        if (pages.session(ctx).isPresent()) {
            Pages.seeOther(ctx, "/");
            return;
        }
        String message = ctx.queryParam("ended") != null ? "Your session has ended. Please sign in again." : null;
        showSignIn(ctx, 200, Form.empty(), message);
    }

    private void login(Context ctx) {
        String email = trimmed(ctx.formParam("email"));
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        Form form = Form.empty().value("email", email).value("next", Pages.localPath(ctx.formParam("next")));
        if (email.isEmpty()) {
            form.error("email", "Enter your email address.");
        }
        if (password.isEmpty()) {
            form.error("password", "Enter your password.");
        }
        if (form.hasErrors()) {
            showSignIn(ctx, 400, form, null);
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/login", Map.of("email", email, "password", password));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showSignIn(ctx, 503, form, "We could not reach the sign-in service, so you are not signed in yet. "
                    + "Try again in a moment.");
            return;
        }
        switch (result.status()) {
            case 200 -> {
                if (result.json().path("mfaRequired").asBoolean(false)) {
                    pending.begin(ctx, result.json(), form.get("next"));
                    Pages.seeOther(ctx, "/login/mfa");
                    return;
                }
                signIn(ctx, result.json());
                Pages.seeOther(ctx, form.get("next"));
            }
            case 400 -> showSignIn(ctx, 400, form.errors(result.fieldErrors()), result.detail("Check the highlighted fields."));
            case 401 -> showSignIn(ctx, 401, form, "The email or password is not right. Check both and try again.");
            case 403 -> showSignIn(ctx, 403, form, result.detail("This account cannot sign in. Ask your administrator."));
            case 423 -> showSignIn(ctx, 423, form, "Too many failed attempts: this account is locked until "
                    + until(result) + ". Try again then, or ask your administrator to unlock it.");
            case 429 -> showSignIn(ctx, 429, form, "Too many sign-in attempts from your network. Wait "
                    + minutes(result) + " and try again.");
            default -> {
                if (result.unavailable()) {
                    showSignIn(ctx, 503, form, "The sign-in service is busy right now. Wait a moment and try again.");
                } else {
                    showSignIn(ctx, 400, form, result.detail("You could not be signed in. Try again."));
                }
            }
        }
    }

    private void signupPage(Context ctx) {
        if (pages.session(ctx).isPresent()) {
            Pages.seeOther(ctx, "/");
            return;
        }
        String invite = trimmed(ctx.queryParam("invite"));
        Form form = Form.empty().value("inviteToken", invite).value("email", trimmed(ctx.queryParam("email")));
        showSignup(ctx, 200, form, null);
    }

    private void signup(Context ctx) {
        String email = trimmed(ctx.formParam("email"));
        String fullName = trimmed(ctx.formParam("fullName"));
        String password = ctx.formParam("password") == null ? "" : ctx.formParam("password");
        String invite = trimmed(ctx.formParam("inviteToken"));
        Form form = Form.empty().value("email", email).value("fullName", fullName).value("inviteToken", invite);
        if (email.isEmpty()) {
            form.error("email", "Enter your email address.");
        }
        if (fullName.isEmpty()) {
            form.error("fullName", "Enter your name.");
        }
        if (password.isEmpty()) {
            form.error("password", "Choose a password.");
        }
        if (form.hasErrors()) {
            showSignup(ctx, 400, form, null);
            return;
        }
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("password", password);
        body.put("fullName", fullName);
        if (!invite.isEmpty()) {
            body.put("inviteToken", invite);
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/register", body);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            showSignup(ctx, 503, form, "We could not reach the sign-in service, so your account was not created yet. "
                    + "Try again in a moment.");
            return;
        }
        switch (result.status()) {
            case 201, 200 -> {
                signIn(ctx, result.json());
                Pages.seeOther(ctx, "/?done=signed-up");
            }
            case 400 -> {
                Map<String, String> errors = new HashMap<>(result.fieldErrors());
                String inviteError = errors.remove("inviteToken");
                showSignup(ctx, 400, form.errors(errors), inviteError != null
                        ? "This invitation cannot be used: " + inviteError + " Ask for a new one."
                        : result.detail("Check the highlighted fields."));
            }
            case 409 -> showSignup(ctx, 409, form.error("email", "An account with this email already exists. Sign in instead."), null);
            case 429 -> showSignup(ctx, 429, form, "Too many attempts from your network. Wait " + minutes(result)
                    + " and try again.");
            default -> showSignup(ctx, result.unavailable() ? 503 : 400, form, result.unavailable()
                    ? "The sign-in service is busy right now. Wait a moment and try again."
                    : result.detail("Your account could not be created."));
        }
    }

    private void showSignup(Context ctx, int status, Form form, String message) {
        pages.render(ctx, status, "signup.jte", "Create an account", "signup",
                Map.of("form", form, "message", message == null ? "" : message,
                        "invited", !form.get("inviteToken").isEmpty()));
    }

    private void logout(Context ctx) {
        pages.session(ctx).ifPresent(session -> pages.sessions().end(session, pages.anonymous(ctx)));
        pages.cookies().clearSession(ctx);
        Pages.seeOther(ctx, "/login?done=signed-out");
    }

    /** A fresh session for a new token pair: any previous session of this browser ends (no fixation). */
    public void signIn(Context ctx, JsonNode tokenPair) {
        pages.session(ctx).ifPresent((ConsoleSession old) -> pages.sessions().end(old, pages.anonymous(ctx)));
        String id = pages.sessions().start(tokenPair);
        pages.cookies().setSession(ctx, id);
    }

    private String until(ApiResult result) {
        long seconds = result.retryAfterSeconds().orElse(15 * 60);
        return TIME.format(clock.instant().plusSeconds(seconds).atOffset(ZoneOffset.UTC))
                + " (in about " + minutes(result) + ")";
    }

    private static String minutes(ApiResult result) {
        long seconds = result.retryAfterSeconds().orElse(60);
        long minutes = Math.max(1, Duration.ofSeconds(seconds).plusSeconds(59).toMinutes());
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }
}
