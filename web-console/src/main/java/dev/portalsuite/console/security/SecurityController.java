package dev.portalsuite.console.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.session.ConsoleSession;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.SecondFactor;
import dev.portalsuite.console.web.Views;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /account/security}: the caller's second factors. An authenticator app (QR code and secret from auth-service,
 * active once a code confirms it), recovery codes (shown once, with a text-file download), passkeys (registered by
 * the page's script, renamed, removed). Removing a factor and new recovery codes need a step-up, which the API asks
 * for. A session restricted to enrolment ({@code mfa:enroll}) lands here and becomes a full one after enrolment.
 */
public final class SecurityController {
    private static final Pattern RECOVERY_CODE = Pattern.compile("[A-Za-z0-9-]{4,40}");

    private final Pages pages;
    private final ObjectMapper mapper;

    public SecurityController(Pages pages, ObjectMapper mapper) {
        this.pages = pages;
        this.mapper = mapper;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/account/security", this::page);
        routes.post("/account/security/totp", this::startTotp);
        routes.post("/account/security/totp/confirm", this::confirmTotp);
        routes.post("/account/security/totp/remove", this::removeTotp);
        routes.post("/account/security/recovery-codes", this::regenerate);
        routes.post("/account/security/recovery-codes.txt", this::download);
        routes.post("/account/security/passkeys/options", this::passkeyOptions);
        routes.post("/account/security/passkeys", this::registerPasskey);
        routes.post("/account/security/passkeys/{id}/rename", this::renamePasskey);
        routes.post("/account/security/passkeys/{id}/remove", this::removePasskey);
    }

    /** A passkey as the list shows it. */
    public record PasskeyView(String id, String name, String createdAt, String lastUsedAt) {
    }

    /** The caller's factors as the page shows them. */
    public record Status(boolean totp, String totpSince, List<PasskeyView> passkeys, int recoveryCodesLeft) {
        public boolean any() {
            return totp || !passkeys.isEmpty();
        }
    }

    private void page(Context ctx) {
        show(ctx, 200, Form.empty(), "");
    }

    private void show(Context ctx, int status, Form passkeyForm, String message) {
        ConsoleSession session = pages.require(ctx);
        Status factors = new Status(false, "", List.of(), 0);
        try {
            JsonNode mfa = pages.api(ctx).get("/api/auth/me/mfa").body();
            List<PasskeyView> passkeys = new ArrayList<>();
            mfa.path("passkeys").forEach(p -> passkeys.add(new PasskeyView(Views.text(p, "id"), Views.textOr(p, "name", "Passkey"),
                    Dates.when(Views.text(p, "createdAt")), Dates.when(Views.text(p, "lastUsedAt")))));
            factors = new Status(mfa.path("totp").path("enrolled").asBoolean(false),
                    Dates.when(Views.text(mfa.path("totp"), "confirmedAt")), passkeys, mfa.path("recoveryCodesLeft").asInt(0));
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("factors", factors);
        model.put("passkeyForm", passkeyForm);
        model.put("message", message);
        model.put("enrolmentOnly", session.enrolmentOnly());
        pages.render(ctx, status, "security.jte", "Security", "account", model);
    }

    private void startTotp(Context ctx) {
        pages.require(ctx);
        ApiResult result = pages.api(ctx).post("/api/auth/me/mfa/totp", null).orFail();
        if (result.status() == 409) {
            show(ctx, 409, Form.empty(), "An authenticator app is already set up. Remove it first to set up another.");
            return;
        }
        if (!result.ok()) {
            show(ctx, 400, Form.empty(), result.detail("The authenticator app could not be set up. Try again."));
            return;
        }
        String svg = result.json().path("qrSvg").asText("");
        Map<String, Object> model = new HashMap<>();
        model.put("form", Form.empty());
        model.put("qrSvg", safeSvg(svg) ? svg : "");
        model.put("secret", grouped(result.json().path("secret").asText("")));
        model.put("message", "");
        pages.render(ctx, "totp-enrol.jte", "Set up an authenticator app", "account", model);
    }

    private void confirmTotp(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        String code = SecondFactor.code(ctx.formParam("code"));
        Form form = Form.empty();
        if (!code.matches("\\d{6}")) {
            confirmAgain(ctx, 400, form.error("code", "Enter the six-digit code your authenticator app shows now."), "");
            return;
        }
        ApiResult result = pages.api(ctx).post("/api/auth/me/mfa/totp/confirm", Map.of("code", code)).orFail();
        if (result.status() == 409) {
            Pages.seeOther(ctx, "/account/security");
            return;
        }
        if (!result.ok()) {
            Map<String, String> errors = result.fieldErrors();
            confirmAgain(ctx, 400, form.error("code", errors.getOrDefault("code", "That code is not right.")
                    + " Check the time on your phone and enter the code it shows now."), "");
            return;
        }
        if (session.enrolmentOnly() && !pages.sessions().refreshNow(session, pages.anonymous(ctx))) {
            pages.cookies().clearSession(ctx);
            Pages.seeOther(ctx, "/login?ended=1");
            return;
        }
        showCodes(ctx, result.json(), "Your authenticator app is set up.");
    }

    private void confirmAgain(Context ctx, int status, Form form, String message) {
        Map<String, Object> model = new HashMap<>();
        model.put("form", form);
        model.put("qrSvg", "");
        model.put("secret", "");
        model.put("message", message);
        pages.render(ctx, status, "totp-enrol.jte", "Set up an authenticator app", "account", model);
    }

    private void removeTotp(Context ctx) {
        pages.require(ctx);
        ApiResult result = pages.api(ctx).delete("/api/auth/me/mfa/totp").orFail();
        if (result.ok() || result.status() == 404) {
            Pages.seeOther(ctx, "/account/security?done=totp-removed");
            return;
        }
        show(ctx, 400, Form.empty(), result.detail("The authenticator app could not be removed."));
    }

    private void regenerate(Context ctx) {
        pages.require(ctx);
        ApiResult result = pages.api(ctx).post("/api/auth/me/mfa/recovery-codes", null).orFail();
        if (!result.ok()) {
            show(ctx, result.status() == 409 ? 409 : 400, Form.empty(), result.status() == 409
                    ? "Recovery codes come with a second factor: set up an authenticator app or a passkey first."
                    : result.detail("New recovery codes could not be made."));
            return;
        }
        showCodes(ctx, result.json(), "Your new recovery codes are ready. The old ones no longer work.");
    }

    private void showCodes(Context ctx, JsonNode body, String heading) {
        List<String> codes = new ArrayList<>();
        body.path("recoveryCodes").forEach(c -> codes.add(c.asText()));
        pages.render(ctx, "recovery-codes.jte", "Recovery codes", "account", Map.of("codes", codes, "heading", heading));
    }

    /** The codes the page just showed, as a text file; the console never stored them, the form carries them back. */
    private void download(Context ctx) {
        pages.require(ctx);
        List<String> codes = ctx.formParams("code").stream().filter(c -> RECOVERY_CODE.matcher(c).matches()).limit(20).toList();
        if (codes.isEmpty()) {
            throw new PageException(400, "There are no codes to download. Make new recovery codes on your security page.");
        }
        StringBuilder text = new StringBuilder("Portal Suite recovery codes for ").append(pages.profile(ctx).email())
                .append("\r\nEach code works once. Keep them somewhere safe.\r\n\r\n");
        codes.forEach(c -> text.append(c).append("\r\n"));
        ctx.header("Content-Disposition", "attachment; filename=\"portal-suite-recovery-codes.txt\"")
                .contentType("text/plain; charset=utf-8").result(text.toString());
        ServiceServer.keepResponse(ctx);
    }

    private void passkeyOptions(Context ctx) {
        pages.require(ctx);
        Pages.json(ctx, pages.api(ctx).post("/api/auth/me/mfa/passkeys/options", null));
    }

    private void registerPasskey(Context ctx) {
        ConsoleSession session = pages.require(ctx);
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        JsonNode credential = SecondFactor.credential(ctx.formParam("credential"), mapper);
        Form form = Form.empty().value("name", name);
        if (name.isEmpty()) {
            form.error("name", "Give the passkey a name, such as \"Work laptop\".");
        }
        if (credential == null) {
            form.error("credential", "Your browser did not create a passkey. Passkeys need JavaScript; try again.");
        }
        if (form.hasErrors()) {
            show(ctx, 400, form, form.errorOf("credential") == null ? "" : form.errorOf("credential"));
            return;
        }
        ApiResult result = pages.api(ctx).post("/api/auth/me/mfa/passkeys", Map.of("name", name, "credential", credential)).orFail();
        if (!result.ok()) {
            Map<String, String> errors = new HashMap<>(result.fieldErrors());
            String credentialError = errors.remove("credential");
            show(ctx, 400, form.errors(errors), result.status() == 409 ? "This passkey is already registered."
                    : credentialError != null ? "The passkey could not be checked: " + credentialError
                    : result.detail("The passkey could not be registered."));
            return;
        }
        if (session.enrolmentOnly() && !pages.sessions().refreshNow(session, pages.anonymous(ctx))) {
            pages.cookies().clearSession(ctx);
            Pages.seeOther(ctx, "/login?ended=1");
            return;
        }
        Pages.seeOther(ctx, "/account/security?done=passkey-added");
    }

    private void renamePasskey(Context ctx) {
        pages.require(ctx);
        String id = id(ctx);
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        if (name.isEmpty()) {
            show(ctx, 400, Form.empty(), "Give the passkey a name.");
            return;
        }
        ApiResult result = pages.api(ctx).patch("/api/auth/me/mfa/passkeys/" + id, Map.of("name", name)).orFail();
        if (!result.ok()) {
            show(ctx, 400, Form.empty(), "The passkey was not renamed: "
                    + result.fieldErrors().getOrDefault("name", result.detail("check the name.")));
            return;
        }
        Pages.seeOther(ctx, "/account/security?done=passkey-renamed");
    }

    private void removePasskey(Context ctx) {
        pages.require(ctx);
        pages.api(ctx).delete("/api/auth/me/mfa/passkeys/" + id(ctx)).body();
        Pages.seeOther(ctx, "/account/security?done=passkey-removed");
    }

    private static String id(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id")).toString();
        } catch (IllegalArgumentException e) {
            throw PageException.notFound();
        }
    }

    /** auth-service's QR code is plain SVG shapes; anything else (a script, an event handler) is not shown. */
    private static boolean safeSvg(String svg) {
        String lower = svg.toLowerCase(Locale.ROOT);
        return lower.startsWith("<svg") && lower.endsWith("</svg>") && !lower.contains("script") && !lower.contains(" on")
                && !lower.contains("href") && !lower.contains("foreignobject") && svg.length() < 200_000;
    }

    private static String grouped(String secret) {
        return String.join(" ", secret.split("(?<=\\G.{4})"));
    }
}
