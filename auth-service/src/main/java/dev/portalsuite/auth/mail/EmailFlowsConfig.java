package dev.portalsuite.auth.mail;

import dev.portalsuite.shared.config.ConfigException;
import dev.portalsuite.shared.config.Env;
import java.time.Duration;

/**
 * The rules of the mail-driven account flows.
 *
 * @param passwordResetTtl      how long a reset link works ({@code PASSWORD_RESET_TTL}, PT30M)
 * @param emailVerifyTtl        how long a verification link works ({@code EMAIL_VERIFY_TTL}, PT48H)
 * @param requireVerifiedEmail  refuse password sign-in until the address is verified ({@code REQUIRE_VERIFIED_EMAIL})
 * @param mailsPerAddress       mails a person may ask for per address and {@code RATE_LIMIT_WINDOW}
 *                              ({@code MAIL_RATE_LIMIT}, 0 disables), so nobody can flood someone's inbox
 */
public record EmailFlowsConfig(Duration passwordResetTtl, Duration emailVerifyTtl, boolean requireVerifiedEmail,
                               int mailsPerAddress) {

    public static EmailFlowsConfig fromEnv(Env env) {
        Duration reset = env.duration("PASSWORD_RESET_TTL", Duration.ofMinutes(30), false);
        if (reset.compareTo(Duration.ofHours(24)) > 0) {
            throw new ConfigException("PASSWORD_RESET_TTL must be at most PT24H, got " + reset);
        }
        Duration verify = env.duration("EMAIL_VERIFY_TTL", Duration.ofHours(48), false);
        if (verify.compareTo(Duration.ofDays(30)) > 0) {
            throw new ConfigException("EMAIL_VERIFY_TTL must be at most P30D, got " + verify);
        }
        return new EmailFlowsConfig(reset, verify, env.bool("REQUIRE_VERIFIED_EMAIL", false),
                env.integer("MAIL_RATE_LIMIT", 5, 0, 1000));
    }
}
