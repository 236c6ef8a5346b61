package dev.portalsuite.auth.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The words of every mail auth-service sends, in plain language. Links point to the console
 * ({@code CONSOLE_BASE_URL}); tokens appear only in those links.
 */
public final class MailTemplates {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final MailConfig config;

    public MailTemplates(MailConfig config) {
        this.config = config;
    }

    /** A link to a console page with one query parameter. */
    public String link(String path, String parameter, String value) {
        return config.link(path + "?" + parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    public OutgoingMail passwordReset(String email, String name, String token, Duration ttl) {
        return new OutgoingMail("password_reset", email, name, Letter.withSubject("Reset your Portal Suite password")
                .paragraph("Hello " + name + ",")
                .paragraph("Someone — hopefully you — asked to reset the password of the Portal Suite account for " + email
                        + ". To choose a new password, open this link within " + words(ttl) + ":")
                .button("Choose a new password", link("/reset-password", "token", token))
                .paragraph("The link works once. If you did not ask for it, ignore this mail: your password stays as it is."));
    }

    public OutgoingMail passwordResetWithoutPassword(String email, String name, List<String> providers) {
        String how = providers.isEmpty() ? "with the sign-in provider you used to create it"
                : "with " + String.join(" or ", providers.stream().map(MailTemplates::providerName).toList());
        return new OutgoingMail("password_reset_no_password", email, name, Letter.withSubject("How you sign in to Portal Suite")
                .paragraph("Hello " + name + ",")
                .paragraph("Someone — hopefully you — asked to reset the password of the Portal Suite account for " + email
                        + ". This account has no password: you sign in " + how + ".")
                .button("Go to the sign-in page", config.link("/login"))
                .paragraph("If you did not ask for this, ignore this mail; nothing has changed."));
    }

    public OutgoingMail passwordChanged(String email, String name, Instant when, String ip, String userAgent) {
        return new OutgoingMail("password_changed", email, name, Letter.withSubject("Your Portal Suite password was changed")
                .paragraph("Hello " + name + ",")
                .paragraph("The password of your Portal Suite account (" + email + ") was just changed, and every other"
                        + " session was signed out.")
                .facts("When", WHEN.format(when), "From address", ip, "Browser or app", userAgent)
                .paragraph("If this was you, there is nothing to do. If it was not, reset your password at once with the"
                        + " link below and tell your administrator.")
                .button("Reset my password", config.link("/forgot-password")));
    }

    public OutgoingMail emailVerification(String email, String name, String token, Duration ttl) {
        return new OutgoingMail("email_verification", email, name, Letter.withSubject("Confirm your email address for Portal Suite")
                .paragraph("Hello " + name + ",")
                .paragraph("Please confirm that " + email + " is your address by opening this link within " + words(ttl) + ":")
                .button("Confirm my email address", link("/verify-email", "token", token))
                .paragraph("If you did not create a Portal Suite account, ignore this mail."));
    }

    public OutgoingMail invite(String email, String inviterName, String inviterEmail, String organisation, String role,
                               String token, Instant expiresAt) {
        String where = organisation == null ? "Portal Suite" : organisation + " on Portal Suite";
        return new OutgoingMail("invite", email, null, Letter.withSubject(inviterName + " invited you to " + where)
                .paragraph("Hello,")
                .paragraph(inviterName + " (" + inviterEmail + ") invited you to join " + where + " with the role "
                        + role + ".")
                .facts("Organisation", organisation == null ? "none (a personal account)" : organisation, "Role", role,
                        "Invited by", inviterName + " <" + inviterEmail + ">", "Valid until", WHEN.format(expiresAt))
                // the address too, so the console's sign-up page can show it filled in and locked
                .button("Create my account", link("/signup", "invite", token) + "&email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .paragraph("Sign up with this address (" + email + "). If you did not expect this invitation, ignore this mail."));
    }

    public OutgoingMail accountLocked(String email, String name, Instant until) {
        return new OutgoingMail("account_locked", email, name, Letter.withSubject("Your Portal Suite account was locked")
                .paragraph("Hello " + name + ",")
                .paragraph("There were too many wrong passwords for your Portal Suite account (" + email
                        + "), so it is locked for a while to keep guessers out.")
                .facts("Unlocks at", WHEN.format(until))
                .paragraph("If these were your own tries, wait until then, or reset your password. If they were not,"
                        + " someone may be guessing your password: reset it and tell your administrator.")
                .button("Reset my password", config.link("/forgot-password")));
    }

    public OutgoingMail newDevice(String email, String name, Instant when, String ip, String userAgent) {
        return new OutgoingMail("new_device", email, name, Letter.withSubject("New sign-in to your Portal Suite account")
                .paragraph("Hello " + name + ",")
                .paragraph("Your Portal Suite account (" + email + ") was just signed in to from a browser or network"
                        + " it has not used recently.")
                .facts("When", WHEN.format(when), "From address", ip, "Browser or app", userAgent)
                .paragraph("If this was you, there is nothing to do. If it was not, change your password at once, sign out"
                        + " every session and tell your administrator.")
                .button("Review my sessions", config.link("/account/sessions")));
    }

    /** @param change what happened, as a clause: "an authenticator app was added" */
    public OutgoingMail secondFactorChanged(String email, String name, String change, Instant when, String ip,
                                            String userAgent) {
        return new OutgoingMail("second_factor_changed", email, name,
                Letter.withSubject("A sign-in factor of your Portal Suite account changed")
                .paragraph("Hello " + name + ",")
                .paragraph("On your Portal Suite account (" + email + "), " + change + ".")
                .facts("When", WHEN.format(when), "From address", ip, "Browser or app", userAgent)
                .paragraph("If this was you, there is nothing to do. If it was not, reset your password at once and tell"
                        + " your administrator.")
                .button("Review my sign-in security", config.link("/account/security")));
    }

    public OutgoingMail recoveryCodeUsed(String email, String name, int left, Instant when, String ip, String userAgent) {
        return new OutgoingMail("recovery_code_used", email, name,
                Letter.withSubject("A recovery code of your Portal Suite account was used")
                .paragraph("Hello " + name + ",")
                .paragraph("One of the recovery codes of your Portal Suite account (" + email + ") was just used to sign in"
                        + " or confirm an action. " + (left == 1 ? "1 code is" : left + " codes are") + " left.")
                .facts("When", WHEN.format(when), "From address", ip, "Browser or app", userAgent)
                .paragraph("If this was you, consider making a new set of codes. If it was not, someone has your password"
                        + " and a recovery code: reset your password at once and tell your administrator.")
                .button("Review my sign-in security", config.link("/account/security")));
    }

    private static String providerName(String provider) {
        return switch (provider) {
            case "google" -> "Google";
            case "azure" -> "Microsoft";
            default -> provider;
        };
    }

    /** "30 minutes", "48 hours", "7 days". */
    static String words(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes >= 3 * 24 * 60) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0 && minutes >= 60) {
            return plural(minutes / 60, "hour");
        }
        return plural(Math.max(1, minutes), "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
