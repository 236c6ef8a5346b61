package dev.portalsuite.console.web;

import io.javalin.http.Context;

/**
 * The browser's only credential: an opaque session id in an {@code HttpOnly}, {@code SameSite=Strict},
 * {@code Path=/} cookie without {@code Domain}; in production {@code Secure} with the {@code __Host-} prefix, which
 * browsers accept only under exactly those attributes. Also the anonymous cookie that binds the sign-in forms'
 * CSRF token.
 */
public final class SessionCookie {
    private final String sessionName;
    private final String anonymousName;
    private final boolean secure;

    public SessionCookie(boolean secure) {
        this.secure = secure;
        this.sessionName = secure ? "__Host-console_session" : "console_session";
        this.anonymousName = secure ? "__Host-console_anon" : "console_anon";
    }

    public String sessionName() {
        return sessionName;
    }

    public String readSession(Context ctx) {
        return ctx.cookie(sessionName);
    }

    public void setSession(Context ctx, String id) {
        ctx.res().addHeader("Set-Cookie", sessionName + "=" + id + attributes());
    }

    public void clearSession(Context ctx) {
        ctx.res().addHeader("Set-Cookie", sessionName + "=" + attributes() + "; Max-Age=0");
    }

    public String readAnonymous(Context ctx) {
        return ctx.cookie(anonymousName);
    }

    public void setAnonymous(Context ctx, String value) {
        ctx.res().addHeader("Set-Cookie", anonymousName + "=" + value + attributes());
    }

    private String attributes() {
        return "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
