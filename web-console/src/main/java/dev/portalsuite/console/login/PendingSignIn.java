package dev.portalsuite.console.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.console.session.TokenCipher;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A sign-in between its two steps: auth-service's {@code mfaToken} (single use, 5 minutes) kept for the browser in a
 * short-lived cookie sealed with AES-GCM under the console's key, never in a page. {@code Path=/login} so it only
 * goes to the sign-in pages; it is cleared when the second step succeeds or the token is refused.
 */
public final class PendingSignIn {
    private static final byte[] AAD = "console-mfa-step".getBytes(StandardCharsets.UTF_8);
    private static final long MAX_SECONDS = 600;

    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final boolean secure;

    public PendingSignIn(TokenCipher cipher, ObjectMapper mapper, Clock clock, boolean secure) {
        this.cipher = cipher;
        this.mapper = mapper;
        this.clock = clock;
        this.secure = secure;
    }

    /** The pending step as the second-step page needs it. */
    public record Step(String mfaToken, List<String> methods, String next) {
        public boolean offers(String method) {
            return methods.contains(method);
        }

        @Override
        public String toString() {
            return "Step[methods=" + methods + "]";
        }
    }

    private String name() {
        return secure ? "__Secure-console_mfa" : "console_mfa";
    }

    /** Remembers auth's {@code {mfaRequired, mfaToken, methods, expiresIn}} for this browser. */
    public void begin(Context ctx, JsonNode challenge, String next) {
        long seconds = Math.min(MAX_SECONDS, Math.max(1, challenge.path("expiresIn").asLong(300)));
        ObjectNode sealed = mapper.createObjectNode()
                .put("t", challenge.path("mfaToken").asText())
                .put("n", next)
                .put("x", clock.instant().getEpochSecond() + seconds);
        sealed.set("m", challenge.path("methods"));
        String value = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(cipher.encrypt(sealed.toString().getBytes(StandardCharsets.UTF_8), AAD));
        ctx.res().addHeader("Set-Cookie", name() + "=" + value + "; Path=/login; Max-Age=" + seconds
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }

    /** The pending step, or empty when there is none or it has expired. */
    public Optional<Step> find(Context ctx) {
        String cookie = ctx.cookie(name());
        if (cookie == null || cookie.length() > 4000) {
            return Optional.empty();
        }
        try {
            JsonNode plain = mapper.readTree(cipher.decrypt(Base64.getUrlDecoder().decode(cookie), AAD));
            if (clock.instant().getEpochSecond() > plain.path("x").asLong()) {
                return Optional.empty();
            }
            List<String> methods = new ArrayList<>();
            plain.path("m").forEach(m -> methods.add(m.asText()));
            return Optional.of(new Step(plain.path("t").asText(), List.copyOf(methods), plain.path("n").asText("/")));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void clear(Context ctx) {
        ctx.res().addHeader("Set-Cookie", name() + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
    }
}
