package dev.portalsuite.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.backend.ApiResult;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the second sign-in step and the step-up page share: reading the typed code (six digits from an authenticator
 * app, or a recovery code), the passkey answer the page's script put into the form, and the messages for auth's
 * answers.
 */
public final class SecondFactor {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ENGLISH);
    private static final int MAX_CREDENTIAL = 16 * 1024;

    private SecondFactor() {
    }

    /** {@code totp} for six digits, otherwise {@code recovery} (auth ignores dashes and case in recovery codes). */
    public static String method(String code, String asked) {
        if ("recovery".equals(asked)) {
            return "recovery";
        }
        return code.replace(" ", "").matches("\\d{6}") ? "totp" : "recovery";
    }

    public static String code(String raw) {
        return raw == null ? "" : raw.strip().replace(" ", "");
    }

    /** The browser's {@code PublicKeyCredential} as JSON, from the form's hidden field; null when absent or unreadable. */
    public static JsonNode credential(String raw, ObjectMapper mapper) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_CREDENTIAL) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(raw);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    public static Map<String, Object> codeBody(String method, String code) {
        Map<String, Object> body = new HashMap<>();
        body.put("method", method);
        body.put("code", code);
        return body;
    }

    /** "Try again after 09:42 UTC" for a 423 with {@code Retry-After}. */
    public static String lockedMessage(ApiResult result, Clock clock) {
        long seconds = result.retryAfterSeconds().orElse(15 * 60);
        return "Too many wrong codes: this step is locked for now. Try again after "
                + TIME.format(clock.instant().plusSeconds(seconds).atOffset(ZoneOffset.UTC)) + ".";
    }

    /** A 401 about the code or passkey (auth's "not valid" / "could not be verified"), not about the session. */
    public static boolean factorRefused(ApiResult result) {
        String detail = result.detail("");
        return detail.contains("not valid") || detail.contains("could not be verified");
    }

    public static String wrongCode(String method) {
        return method.equals("recovery")
                ? "That recovery code is not right, or it was already used. Check it and try again."
                : "That code is not right, or it was already used. Wait for the next code in your app and try again.";
    }
}
