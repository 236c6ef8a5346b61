package dev.portalsuite.freshness.audit;

import dev.portalsuite.shared.web.RequestIds;
import io.javalin.http.Context;

/** Where a request came from, for the audit log. */
public record RequestOrigin(String ip, String requestId) {
    public static final RequestOrigin SYSTEM = new RequestOrigin(null, null);

    /** Read by controllers; services only see the record. */
    public static RequestOrigin of(Context ctx) {
        return new RequestOrigin(ctx.ip(), ctx.attribute(RequestIds.MDC_KEY));
    }
}
