package dev.portalsuite.freshness.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Strong ETags computed from the exact bytes sent, and {@code If-None-Match} → 304. */
public final class Conditional {
    private Conditional() {
    }

    /** A strong entity tag: the quoted, base64url SHA-256 of the representation (content type included). */
    public static String etag(String contentType, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(contentType.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /**
     * Sends {@code body} with its ETag and Cache-Control, or a bodyless 304 when the request's
     * {@code If-None-Match} lists the same tag (weak comparison, as RFC 9110 prescribes for If-None-Match).
     */
    public static void send(Context ctx, int status, String contentType, String cacheControl, byte[] body) {
        String etag = etag(contentType, body);
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", cacheControl);
        if (matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.status(status).contentType(contentType).result(body);
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
