package dev.portalsuite.console.web;

import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.session.TokenCipher;
import dev.portalsuite.shared.security.OpaqueTokens;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery defence for every state-changing request: the browser must say the request is
 * same-origin ({@code Sec-Fetch-Site}, {@code Origin}) and it must carry the synchronizer token of its session
 * (field {@code _csrf} or header {@code X-CSRF-Token}). Before sign-in the token is an HMAC of an anonymous
 * cookie's random value. Anything else is refused with 403 before a handler runs, so nothing changes.
 */
public final class Csrf {
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final byte[] key;
    private final String baseOrigin;
    private final SessionCookie cookies;

    public Csrf(byte[] masterKey, String baseUrl, SessionCookie cookies) {
        this.key = TokenCipher.derive(masterKey, "console-anonymous-csrf");
        this.baseOrigin = origin(baseUrl);
        this.cookies = cookies;
    }

    /** The token forms of this request must carry. */
    public String token(Context ctx, ConsoleSession session) {
        if (session != null) {
            return session.csrfToken();
        }
        String anonymous = cookies.readAnonymous(ctx);
        if (anonymous == null || !anonymous.matches("[A-Za-z0-9_-]{43}")) {
            anonymous = ctx.attribute("console.anon");
            if (anonymous == null) {
                anonymous = OpaqueTokens.generate();
                ctx.attribute("console.anon", anonymous);
                cookies.setAnonymous(ctx, anonymous);
            }
        }
        return hmac(anonymous);
    }

    /** Throws {@link PageException} 403 when a state-changing request fails any check. */
    public void check(Context ctx, ConsoleSession session) {
        if (SAFE.contains(ctx.method().name())) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin")) {
            throw refused();
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx)) {
            throw refused();
        }
        String sent = ctx.header(HEADER);
        if (sent == null) {
            sent = formToken(ctx);
        }
        String expected = expected(ctx, session);
        if (sent == null || expected == null || !MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw refused();
        }
    }

    private static String formToken(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return ctx.formParam(FIELD);
    }

    private String expected(Context ctx, ConsoleSession session) {
        if (session != null) {
            return session.csrfToken();
        }
        String anonymous = cookies.readAnonymous(ctx);
        return anonymous == null ? null : hmac(anonymous);
    }

    private boolean sameOrigin(String origin, Context ctx) {
        String normalised = origin.toLowerCase(Locale.ROOT);
        if (normalised.equals(baseOrigin)) {
            return true;
        }
        // the origin this request was addressed to (a console reached on its own port, or through a proxy that keeps Host)
        String host = ctx.header("Host");
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(normalised);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equals(host.toLowerCase(Locale.ROOT))
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url.toLowerCase(Locale.ROOT));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PageException refused() {
        return new PageException(403, "This form could not be accepted: it did not come from this site, or it was "
                + "open for too long. Go back, reload the page and try again.");
    }
}
