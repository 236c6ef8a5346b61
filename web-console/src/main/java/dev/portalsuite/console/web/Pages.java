package dev.portalsuite.console.web;

import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.session.Profile;
import dev.portalsuite.console.session.Sessions;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every page controller shares: the request's session (looked up once, before the handler), calls to the
 * APIs on the user's behalf, rendering inside the layout, redirects after a form.
 */
public final class Pages {
    private static final String SESSION = "console.session";
    private static final String BANNER = "console.banner";
    public static final String RENDERED = "console.page";
    private static final String ENDED = "console.sessionEnded";

    private final Sessions sessions;
    private final Backend backend;
    private final SessionCookie cookies;
    private final Csrf csrf;

    public Pages(Sessions sessions, Backend backend, SessionCookie cookies, Csrf csrf) {
        this.sessions = sessions;
        this.backend = backend;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    public Sessions sessions() {
        return sessions;
    }

    public SessionCookie cookies() {
        return cookies;
    }

    /** Before every request: finds the session (refreshing its tokens when due), then checks CSRF. */
    public void beforeRequest(Context ctx) {
        String path = ctx.path();
        if (path.startsWith("/health/") || path.equals("/metrics") || path.startsWith("/assets/")
                || path.startsWith("/webjars/")) {
            return;
        }
        String raw = cookies.readSession(ctx);
        if (raw != null) {
            Sessions.Lookup lookup = sessions.find(raw, anonymous(ctx));
            if (lookup instanceof Sessions.Lookup.Live live) {
                ctx.attribute(SESSION, live.session());
            } else if (lookup instanceof Sessions.Lookup.Ended) {
                cookies.clearSession(ctx);
                ctx.attribute(ENDED, true);
            } else {
                cookies.clearSession(ctx);
            }
        }
        csrf.check(ctx, session(ctx).orElse(null));
        if (session(ctx).map(ConsoleSession::enrolmentOnly).orElse(false) && !enrolmentPage(path)) {
            throw new EnrolmentRequired();
        }
    }

    /** What a session restricted to enrolling a second factor may still open. */
    private static boolean enrolmentPage(String path) {
        return path.equals("/account/security") || path.startsWith("/account/security/") || path.equals("/logout")
                || path.startsWith("/login") || path.equals("/verify-email") || path.startsWith("/dev/");
    }

    public Optional<ConsoleSession> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    /** The signed-in user's session, or a redirect to the sign-in page. */
    public ConsoleSession require(Context ctx) {
        return session(ctx).orElseThrow(() -> new SignInRequired(ctx.attribute(ENDED) != null));
    }

    public Profile profile(Context ctx) {
        return require(ctx).profile();
    }

    /** API calls with the signed-in user's token. */
    public Backend.Client api(Context ctx) {
        return backend.as(require(ctx).accessToken(), ctx.ip(), ctx.userAgent());
    }

    /** API calls without a token (sign-in, sign-up, refresh, logout). */
    public Backend.Client anonymous(Context ctx) {
        return backend.as(null, ctx.ip(), ctx.userAgent());
    }

    /** Shows a banner on the page being rendered (e.g. a backend that did not answer). */
    public void banner(Context ctx, BackendUnavailableException e) {
        ctx.attribute(BANNER, e.service() + " is not answering right now, so some of this page may be missing. "
                + "Try again in a moment.");
    }

    public Chrome chrome(Context ctx, String title, String nav) {
        Optional<ConsoleSession> session = session(ctx);
        int unread = -1;
        if (session.isPresent() && ctx.attribute("console.noUnread") == null && !session.get().enrolmentOnly()) {
            unread = unreadCount(ctx);
        }
        return new Chrome(title, session.map(ConsoleSession::profile).orElse(null),
                csrf.token(ctx, session.orElse(null)), unread, ctx.attribute(BANNER), Notices.text(ctx.queryParam("done")), nav);
    }

    /** The header badge: the unread count, or -1 when portal-service cannot say. */
    public int unreadCount(Context ctx) {
        try {
            var result = api(ctx).get("/api/portal/notifications/unread-count");
            return result.ok() ? result.json().path("unreadCount").asInt(0) : -1;
        } catch (BackendUnavailableException e) {
            banner(ctx, e);
            return -1;
        }
    }

    /** Renders a template inside the layout; {@code params} are the template's own parameters. */
    public void render(Context ctx, int status, String template, String title, String nav, Map<String, Object> params) {
        Map<String, Object> model = new HashMap<>(params);
        model.put("chrome", chrome(ctx, title, nav));
        ctx.status(status).contentType("text/html; charset=utf-8").render(template, model);
        // a page with an error status (a form with messages, an error page) is final: no problem+json over it
        ctx.attribute(RENDERED, true);
        ServiceServer.keepResponse(ctx);
    }

    public void render(Context ctx, String template, String title, String nav, Map<String, Object> params) {
        render(ctx, 200, template, title, nav, params);
    }

    /**
     * An API's JSON answer relayed to the page's own script (WebAuthn options): the body when it succeeded, else the
     * status with a {@code message} a person can read. Never tokens: only options documents go through here.
     */
    public static void json(Context ctx, dev.portalsuite.console.backend.ApiResult result) {
        if (result.ok()) {
            ctx.status(200).contentType("application/json").result(result.json().toString());
        } else {
            String message = result.status() == 429 ? "Too many attempts from your network. Wait a few minutes and try again."
                    : result.unavailable() ? "The sign-in service is busy right now. Try again in a moment."
                    : result.detail("Passkeys cannot be used right now.");
            ctx.status(result.unavailable() ? 503 : result.status() >= 400 ? result.status() : 400)
                    .contentType("application/json")
                    .result(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("message", message).toString());
        }
        ctx.attribute(RENDERED, true);
        ServiceServer.keepResponse(ctx);
    }

    /** After a form: 303 so a reload does not send it again. {@code path} is always a local path. */
    public static void seeOther(Context ctx, String path) {
        ctx.redirect(path, HttpStatus.SEE_OTHER);
    }

    /** A local path to return to after sign-in, or "/" when {@code next} is anything else. */
    public static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20) || next.length() > 1000) {
            return "/";
        }
        return next;
    }
}
