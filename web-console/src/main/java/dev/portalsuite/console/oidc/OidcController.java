package dev.portalsuite.console.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.TokenCipher;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sign in with Google / Microsoft" as a backend-for-frontend does it: the authorization-code flow with PKCE,
 * {@code state} and {@code nonce} run by the console (the client secret never leaves it); the ID token it receives
 * goes to auth-service ({@code POST /api/auth/oidc/{provider}}), which verifies it and issues the session's tokens.
 * The flow's secrets travel in one short-lived cookie, sealed with AES-GCM, because the provider's redirect back is
 * a cross-site navigation that a {@code SameSite=Strict} cookie would not survive.
 */
public final class OidcController {
    private static final Logger LOG = LoggerFactory.getLogger(OidcController.class);
    private static final long FLOW_SECONDS = 600;
    private static final byte[] AAD = "console-oidc-flow".getBytes(StandardCharsets.UTF_8);

    private final Pages pages;
    private final OidcProviders providers;
    private final TokenCipher cipher;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final String baseUrl;
    private final boolean secure;
    private final Clock clock;
    private final dev.portalsuite.console.login.PendingSignIn pending;

    public OidcController(Pages pages, OidcProviders providers, TokenCipher cipher, OkHttpClient http, ObjectMapper mapper,
                          String baseUrl, boolean secure, Clock clock, dev.portalsuite.console.login.PendingSignIn pending) {
        this.pending = pending;
        this.pages = pages;
        this.providers = providers;
        this.cipher = cipher;
        this.http = http;
        this.mapper = mapper;
        this.baseUrl = baseUrl;
        this.secure = secure;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login/oidc/{provider}", this::start);
        routes.get("/login/oidc/{provider}/callback", this::callback);
    }

    private String cookieName() {
        return secure ? "__Secure-console_oidc" : "console_oidc";
    }

    private void start(Context ctx) {
        OidcProviders.Provider provider = providers.get(ctx.pathParam("provider")).orElseThrow(PageException::notFound);
        String state = OpaqueTokens.generate();
        String nonce = OpaqueTokens.generate();
        String verifier = OpaqueTokens.generate() + OpaqueTokens.generate();
        ObjectNode flow = mapper.createObjectNode().put("p", provider.name()).put("s", state).put("n", nonce)
                .put("v", verifier).put("x", clock.instant().getEpochSecond() + FLOW_SECONDS);
        String sealed = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(cipher.encrypt(flow.toString().getBytes(StandardCharsets.UTF_8), AAD));
        // Lax: the provider's redirect back is a top-level cross-site navigation
        ctx.res().addHeader("Set-Cookie", cookieName() + "=" + sealed + "; Path=/login/oidc; Max-Age=" + FLOW_SECONDS
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : ""));
        HttpUrl url = HttpUrl.get(provider.authorizationUrl()).newBuilder()
                .addQueryParameter("response_type", "code")
                .addQueryParameter("client_id", provider.clientId())
                .addQueryParameter("redirect_uri", redirectUri(provider))
                .addQueryParameter("scope", "openid email profile")
                .addQueryParameter("state", state)
                .addQueryParameter("nonce", nonce)
                .addQueryParameter("code_challenge", challenge(verifier))
                .addQueryParameter("code_challenge_method", "S256")
                .addQueryParameter("prompt", "select_account")
                .build();
        ctx.redirect(url.toString(), HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        OidcProviders.Provider provider = providers.get(ctx.pathParam("provider")).orElseThrow(PageException::notFound);
        JsonNode flow = openFlow(ctx.cookie(cookieName()));
        ctx.res().addHeader("Set-Cookie", cookieName() + "=; Path=/login/oidc; Max-Age=0; HttpOnly; SameSite=Lax"
                + (secure ? "; Secure" : ""));
        String state = ctx.queryParam("state");
        if (flow == null || !provider.name().equals(flow.path("p").asText()) || state == null
                || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), flow.path("s").asText().getBytes(StandardCharsets.UTF_8))
                || clock.instant().getEpochSecond() > flow.path("x").asLong()) {
            failed(ctx, 400, "The sign-in with " + provider.label() + " could not be completed (it expired or did not "
                    + "start here). Try again.");
            return;
        }
        if (ctx.queryParam("error") != null || ctx.queryParam("code") == null) {
            failed(ctx, 400, provider.label() + " did not sign you in. Try again, or sign in with your email and password.");
            return;
        }
        String idToken;
        try {
            idToken = exchange(provider, ctx.queryParam("code"), flow.path("v").asText());
        } catch (IOException e) {
            LOG.warn("{} token endpoint failed: {}", provider.name(), e.toString());
            failed(ctx, 502, "We could not reach " + provider.label() + " to finish signing you in. Try again in a moment.");
            return;
        }
        if (idToken == null) {
            failed(ctx, 400, provider.label() + " did not confirm the sign-in. Try again.");
            return;
        }
        ApiResult result;
        try {
            result = pages.anonymous(ctx).post("/api/auth/oidc/" + provider.name(),
                    Map.of("idToken", idToken, "nonce", flow.path("n").asText()));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
            failed(ctx, 503, "The sign-in service is not answering, so you are not signed in yet. Try again in a moment.");
            return;
        }
        if (result.ok() && result.json().path("mfaRequired").asBoolean(false)) {
            pending.begin(ctx, result.json(), "/");
            moveOn(ctx, "/login/mfa", "Your account has a second factor: continue to the second sign-in step.");
            return;
        }
        if (!result.ok() || !result.json().has("accessToken")) {
            failed(ctx, result.unavailable() ? 503 : 401, "Your " + provider.label() + " account could not be used to sign in here. Ask your administrator "
                            + "for an invitation, or sign in with your email and password.");
            return;
        }
        pages.session(ctx).ifPresent(old -> pages.sessions().end(old, pages.anonymous(ctx)));
        pages.cookies().setSession(ctx, pages.sessions().start(result.json()));
        moveOn(ctx, "/", "You are signed in. <a href=\"/\">Continue to the dashboard</a>.");
    }

    /**
     * The provider's redirect was cross-site, so the browser would not send the new SameSite=Strict cookie on a
     * redirect of that navigation: a same-origin page moves on instead (no script needed). {@code html} is fixed text.
     */
    private void moveOn(Context ctx, String path, String html) {
        ctx.contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + path + "\"><title>Signing in · Portal Suite</title></head>"
                + "<body><main><p>" + html + "</p></main></body></html>");
        ServiceServer.keepResponse(ctx);
    }

    private void failed(Context ctx, int status, String message) {
        ctx.attribute("console.noUnread", true);
        pages.render(ctx, status, "login.jte", "Sign in", "login",
                Map.of("form", Form.empty(), "message", message, "next", "/", "providers", providers.byName().values()));
    }

    private String exchange(OidcProviders.Provider provider, String code, String verifier) throws IOException {
        Request request = new Request.Builder().url(provider.tokenUrl().toString())
                .header("Accept", "application/json")
                .post(new FormBody.Builder()
                        .add("grant_type", "authorization_code")
                        .add("code", code)
                        .add("redirect_uri", redirectUri(provider))
                        .add("client_id", provider.clientId())
                        .add("client_secret", provider.clientSecret())
                        .add("code_verifier", verifier)
                        .build())
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                LOG.info("{} token endpoint answered {}", provider.name(), response.code());
                return null;
            }
            JsonNode body = mapper.readTree(response.body().bytes());
            String idToken = body.path("id_token").asText("");
            return idToken.isEmpty() ? null : idToken;
        }
    }

    private String redirectUri(OidcProviders.Provider provider) {
        return baseUrl + "/login/oidc/" + provider.name() + "/callback";
    }

    private JsonNode openFlow(String cookie) {
        if (cookie == null || cookie.length() > 2000) {
            return null;
        }
        try {
            return mapper.readTree(cipher.decrypt(Base64.getUrlDecoder().decode(cookie), AAD));
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
