package dev.portalsuite.auth.mfa.stepup;

import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sensitive actions need a token whose {@code amr} holds a second factor and whose {@code auth_time} is at most
 * {@code STEP_UP_MAX_AGE} old; otherwise RFC 9470's challenge: 401 with
 * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication", error_description="…", max_age=…}.
 * {@code POST /api/auth/step-up} gives such a token for the same session.
 */
public final class StepUp {
    public static final String ERROR = "insufficient_user_authentication";

    private final Clock clock;
    private final Duration maxAge;
    private final boolean required;

    public StepUp(Clock clock, Duration maxAge, boolean required) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.required = required;
    }

    /** Throws the RFC 9470 challenge unless the caller authenticated with a second factor recently enough. */
    public void require(Caller caller) {
        Principal principal = caller.principal();
        if (!required || principal.multiFactorWithin(maxAge, clock.instant())) {
            return;
        }
        String description = principal.multiFactor()
                ? "A more recent authentication with a second factor is required"
                : "Authentication with a second factor is required";
        throw new ApiException(401, "Unauthorized",
                description + " for this action: step up with POST /api/auth/step-up.", List.of(),
                Map.of("WWW-Authenticate", "Bearer error=\"" + ERROR + "\", error_description=\"" + description
                        + "\", max_age=" + maxAge.toSeconds()));
    }
}
