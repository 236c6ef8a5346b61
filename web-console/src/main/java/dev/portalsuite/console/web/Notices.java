package dev.portalsuite.console.web;

import java.util.Map;

/**
 * The confirmations shown after a completed action ({@code ?done=code} on the page redirected to). Only these fixed
 * texts: nothing from the address is ever echoed into the page.
 */
public final class Notices {
    private static final Map<String, String> TEXTS = Map.ofEntries(
            Map.entry("signed-out", "You have signed out."),
            Map.entry("stepped-up", "Thank you, you confirmed it's you. Submit the form again to finish."),
            Map.entry("mfa-expired", "The second sign-in step expired or was already used. Sign in again."),
            Map.entry("password-reset", "Your password has been changed. Sign in with the new one."),
            Map.entry("totp-removed", "The authenticator app has been removed from your account."),
            Map.entry("passkey-added", "The passkey has been registered."),
            Map.entry("passkey-renamed", "The passkey has been renamed."),
            Map.entry("passkey-removed", "The passkey has been removed."),
            Map.entry("recovery-used", "You signed in with a recovery code; it cannot be used again. The number left is "
                    + "below: make new ones before you run out."),
            Map.entry("verification-limited", "A verification link was sent a short while ago. Check your mail, or try "
                    + "again in a few minutes."),
            Map.entry("verification-failed", "No new verification link could be sent right now. Try again later."),
            Map.entry("verification-sent", "We have sent you a new verification link. Check your mail."),
            Map.entry("signed-up", "Welcome! Your account is ready."),
            Map.entry("profile", "Your profile has been saved."),
            Map.entry("password", "Your password has been changed. Your other sessions were signed out."),
            Map.entry("session-ended", "That session has been signed out."),
            Map.entry("read", "Marked as read."),
            Map.entry("all-read", "All notifications are marked as read."),
            Map.entry("org-created", "The organisation has been created."),
            Map.entry("org-saved", "The organisation has been saved."),
            Map.entry("org-archived", "The organisation has been archived."),
            Map.entry("invite-revoked", "The invitation has been revoked."),
            Map.entry("user-saved", "The user has been saved."),
            Map.entry("user-mfa-reset", "The user's second factors were removed and their sessions ended. They sign in "
                    + "with their password and set up a new factor."),
            Map.entry("user-unlocked", "The user can sign in again."),
            Map.entry("user-deleted", "The user has been deleted. Their sessions ended; the audit log keeps their history."),
            Map.entry("client-saved", "The service client has been saved."),
            Map.entry("product-created", "The product has been created."),
            Map.entry("product-saved", "The product's organisations have been saved."),
            Map.entry("policy-saved", "The freshness policy has been saved."),
            Map.entry("batch-created", "The batch has been recorded."),
            Map.entry("batch-saved", "The batch has been saved."),
            Map.entry("batch-deleted", "The batch has been deleted. Its public page now says it is no longer available."));

    private Notices() {
    }

    public static String text(String code) {
        return code == null ? null : TEXTS.get(code);
    }
}
