package dev.portalsuite.auth.audit;

import dev.portalsuite.shared.web.RequestIds;
import io.javalin.http.Context;

/** Where a request came from, for the audit log and session records. */
public record RequestOrigin(String ip, String userAgent, String requestId) {
    public static final RequestOrigin SYSTEM = new RequestOrigin(null, "system", null);

    /** Read by controllers; services only see the record. */
    public static RequestOrigin of(Context ctx) {
        String userAgent = ctx.userAgent();
        if (userAgent != null && userAgent.length() > 300) {
            userAgent = userAgent.substring(0, 300);
        }
        return new RequestOrigin(ctx.ip(), userAgent, ctx.attribute(RequestIds.MDC_KEY));
    }
}
