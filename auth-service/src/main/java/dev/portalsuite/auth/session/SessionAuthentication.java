package dev.portalsuite.auth.session;

import dev.portalsuite.shared.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * How the person behind a session authenticated: RFC 8176 {@code amr} values and the time of the last
 * authentication ({@code auth_time}). Kept on the session so every refreshed token says the same, until a step-up
 * raises it. {@code enrolmentOnly}: the session may only enrol a second factor (its tokens carry scope
 * {@code mfa:enroll}).
 */
public record SessionAuthentication(List<String> amr, Instant authTime, boolean enrolmentOnly) {
    public static final String PASSWORD = "pwd";
    public static final String OTP = "otp";
    public static final String HARDWARE_KEY = "hwk";
    public static final String USER_PRESENCE_VERIFIED = "user";
    public static final String MULTI_FACTOR = Principal.AMR_MFA;

    public SessionAuthentication {
        amr = List.copyOf(new LinkedHashSet<>(amr));
        if (amr.isEmpty() || authTime == null) {
            throw new IllegalArgumentException("a session needs amr and auth_time");
        }
    }

    public static SessionAuthentication of(List<String> amr, Instant authTime) {
        return new SessionAuthentication(amr, authTime, false);
    }

    /** This authentication plus the given methods (and {@code mfa}), at {@code at}: a completed second step. */
    public SessionAuthentication withSecondFactor(List<String> methods, Instant at) {
        List<String> values = new ArrayList<>(amr);
        values.addAll(methods);
        values.add(MULTI_FACTOR);
        return new SessionAuthentication(values, at, false);
    }

    public SessionAuthentication restrictedToEnrolment() {
        return new SessionAuthentication(amr, authTime, true);
    }

    public List<String> scopes() {
        return enrolmentOnly ? List.of(Principal.SCOPE_MFA_ENROLL) : List.of();
    }
}
