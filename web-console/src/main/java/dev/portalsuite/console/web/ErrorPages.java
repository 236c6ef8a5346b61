package dev.portalsuite.console.web;

import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.backend.PageNotAllowedException;
import dev.portalsuite.console.backend.SessionRejectedException;
import dev.portalsuite.console.backend.StepUpRequiredException;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure as an HTML page in the console's layout (never problem+json, never a stack trace): 403, 404,
 * 405, 500, the backend-unreachable page, and the way to the sign-in page when a session is missing or has ended.
 * Registered before shared-lib's problem+json mapping, which then leaves these responses alone.
 */
public final class ErrorPages {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    private final Pages pages;

    public ErrorPages(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.exception(PageException.class, (e, ctx) -> page(ctx, e.status(), e.getMessage()));
        routes.exception(PageNotAllowedException.class, (e, ctx) -> page(ctx, e.status(), null));
        routes.exception(SignInRequired.class, (e, ctx) -> toSignIn(ctx, e.ended()));
        routes.exception(SessionRejectedException.class, (e, ctx) -> {
            pages.session(ctx).ifPresent(pages.sessions()::forget);
            pages.cookies().clearSession(ctx);
            toSignIn(ctx, true);
        });
        routes.exception(StepUpRequiredException.class, (e, ctx) -> redirect(ctx, "/step-up?return="
                + URLEncoder.encode(returnPath(ctx), StandardCharsets.UTF_8)));
        routes.exception(EnrolmentRequired.class, (e, ctx) -> redirect(ctx, "/account/security"));
        routes.exception(BackendUnavailableException.class, (e, ctx) -> {
            LOG.warn("{}", e.getMessage());
            pages.banner(ctx, e);
            ctx.attribute("console.noUnread", true);
            render(ctx, 503, "Service unavailable", "We could not load this page because a part of the suite is not "
                    + "answering. Nothing was changed. Try again in a moment.");
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> page(ctx, e.getStatus(), null));
        routes.exception(RuntimeException.class, (e, ctx) -> {
            if (DatabaseErrors.isUnavailable(e)) {
                LOG.warn("database unavailable: {}", e.toString());
                ctx.attribute("console.noSession", true);
                render(ctx, 503, "Service unavailable", "The console cannot reach its database right now. Try again in a moment.");
                return;
            }
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            page(ctx, 500, null);
        });
        for (int status : new int[] {400, 403, 404, 405, 413, 500}) {
            routes.error(status, "*", ctx -> {
                if (ctx.attribute("console.page") == null && !operational(ctx)) {
                    page(ctx, status, null);
                }
            });
        }
    }

    private static boolean operational(Context ctx) {
        String path = ctx.path();
        return path.startsWith("/health/") || path.equals("/metrics");
    }

    /**
     * Where to send the user back after a step-up: the page itself for a GET, else the page the form was on (its
     * same-origin {@code Referer}), never a POST address replayed. Always a local path.
     */
    private static String returnPath(Context ctx) {
        if (ctx.method().name().equals("GET") && ctx.header("HX-Request") == null) {
            return ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        }
        String referer = ctx.header("Referer");
        if (referer != null) {
            try {
                java.net.URI uri = java.net.URI.create(referer);
                String host = ctx.header("Host");
                if (host != null && host.equalsIgnoreCase(uri.getRawAuthority()) && uri.getRawPath() != null) {
                    return Pages.localPath(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                }
            } catch (IllegalArgumentException ignored) {
                // not a usable address: back to the dashboard
            }
        }
        return "/";
    }

    private static void redirect(Context ctx, String target) {
        if (ctx.header("HX-Request") != null) {
            ctx.status(401).header("HX-Redirect", target).result("");
        } else {
            Pages.seeOther(ctx, target);
        }
        ServiceServer.keepResponse(ctx);
        ctx.attribute("console.page", true);
    }

    private void toSignIn(Context ctx, boolean ended) {
        String target = "/login" + (ended ? "?ended=1" : "");
        if (!ended && ctx.method().name().equals("GET") && !ctx.path().equals("/")) {
            String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            target = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        }
        if (ctx.header("HX-Request") != null) {
            // htmx follows this header with a full page load instead of swapping a sign-in page into a fragment
            ctx.status(401).header("HX-Redirect", target).result("");
        } else {
            Pages.seeOther(ctx, target);
        }
        ServiceServer.keepResponse(ctx);
        ctx.attribute("console.page", true);
    }

    private void page(Context ctx, int status, String message) {
        switch (status) {
            case 403 -> render(ctx, 403, "Not allowed", message != null ? message
                    : "Your role does not allow this page. If you think it should, ask your administrator.");
            case 404 -> render(ctx, 404, "Page not found", message != null ? message
                    : "There is nothing at this address, or it is not in your organisation's scope.");
            case 405 -> render(ctx, 405, "Not allowed here", "This address does not accept that kind of request.");
            case 400, 413 -> render(ctx, status, "Request not understood", message != null ? message
                    : "The request could not be read. Go back and try again.");
            default -> render(ctx, status >= 500 ? status : 500, "Something went wrong",
                    "Something went wrong on our side. Nothing more was changed. Try again, and if it keeps happening, "
                            + "tell your administrator the time it happened.");
        }
    }

    private void render(Context ctx, int status, String title, String message) {
        ctx.attribute("console.noUnread", true);
        ctx.attribute("console.page", true);
        try {
            pages.render(ctx, status, "error.jte", title, "", Map.of("status", status, "heading", title, "message", message));
        } catch (RuntimeException e) {
            LOG.error("error page could not be rendered", e);
            ctx.status(status).contentType("text/plain; charset=utf-8").result(title + ". " + message);
        }
        ServiceServer.keepResponse(ctx);
    }
}
