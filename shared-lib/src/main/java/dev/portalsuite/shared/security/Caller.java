package dev.portalsuite.shared.security;

import dev.portalsuite.shared.web.RequestIds;
import io.javalin.http.Context;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the verified principal (null on a public route such as login), where the request came from
 * and its request id, for the rules and the audit log. Controllers read it with {@link #of(Context)}; services
 * only ever see this record, never the request.
 */
public record Caller(Principal principal, String ip, String userAgent, String requestId) {
    /** Longer user agents are cut to this many characters before they are stored. */
    public static final int USER_AGENT_MAX = 300;
    public static final String SYSTEM_SUBJECT = "system";

    private static final Caller SYSTEM = new Caller(new Principal(SYSTEM_SUBJECT, null, null, "system",
            Set.of(Role.ADMIN.claim()), null, null, Set.of(), null), null, "system", null);

    public static Caller of(Context ctx) {
        String userAgent = ctx.userAgent();
        if (userAgent != null && userAgent.length() > USER_AGENT_MAX) {
            userAgent = userAgent.substring(0, USER_AGENT_MAX);
        }
        return new Caller(AccessControl.principalIfAny(ctx), ctx.ip(), userAgent, ctx.attribute(RequestIds.MDC_KEY));
    }

    /** An administrator acting from inside the process (the bootstrap admin, the local suite's demo data). */
    public static Caller system() {
        return SYSTEM;
    }

    public boolean isAuthenticated() {
        return principal != null;
    }

    /** The token's subject (a user id or a service client id); null on a public route. */
    public String subject() {
        return principal == null ? null : principal.subject();
    }

    /** The user id of a user token; only meaningful on routes that admit users only. */
    public UUID userId() {
        return principal == null ? null : principal.userId();
    }

    /** The organisation in the token's {@code org} claim, if any. */
    public UUID orgId() {
        return principal == null ? null : principal.orgId();
    }

    public boolean hasRole(Role role) {
        return principal != null && principal.hasRole(role);
    }

    public boolean isAdmin() {
        return hasRole(Role.ADMIN);
    }
}
