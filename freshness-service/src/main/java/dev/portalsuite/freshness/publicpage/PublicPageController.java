package dev.portalsuite.freshness.publicpage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.freshness.batch.BatchService;
import dev.portalsuite.freshness.batch.BatchView;
import dev.portalsuite.freshness.web.Conditional;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.ServiceServer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * The public side, no token needed: {@code GET /b/{code}} (the page a QR code opens) and
 * {@code GET /api/freshness/public/batches/{code}} (the same as JSON). Both are cacheable for a minute and carry
 * a strong ETag of the exact bytes, which change at least daily as days on shelf grow.
 */
public final class PublicPageController {
    static final String CACHE_CONTROL = "public, max-age=60";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";

    private final BatchService batches;
    private final PublicPages pages;
    private final ObjectMapper mapper;

    public PublicPageController(BatchService batches, PublicPages pages, ObjectMapper mapper) {
        this.batches = batches;
        this.pages = pages;
        this.mapper = mapper;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/b/{code}", this::page);
        // link previews and some scanners check a URL with HEAD first; same headers, no body
        routes.head("/b/{code}", this::page);
        routes.get("/api/freshness/public/batches/{code}", this::json);
    }

    /** The "Batch not found" page with the page's headers, for a code the HTTP server cannot even decode ({@code %00}). */
    public ServiceServer.StaticPage notFoundPage() {
        return new ServiceServer.StaticPage(HTML, Map.of("Content-Security-Policy", pages.contentSecurityPolicy(),
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer"), pages.notFound());
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", pages.contentSecurityPolicy());
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        Optional<BatchView> batch = batches.byPublicCode(ctx.pathParam("code"));
        if (batch.isEmpty()) {
            ctx.header("Cache-Control", "no-store");
            ctx.status(404).contentType(HTML).result(pages.notFound());
            ServiceServer.keepResponse(ctx);
        } else if (batch.get().deleted()) {
            ctx.header("Cache-Control", CACHE_CONTROL);
            ctx.status(410).contentType(HTML).result(pages.gone());
            ServiceServer.keepResponse(ctx);
        } else {
            Conditional.send(ctx, 200, HTML, CACHE_CONTROL, pages.batch(batch.get()));
        }
    }

    private void json(Context ctx) {
        BatchView batch = batches.byPublicCode(ctx.pathParam("code"))
                .orElseThrow(() -> ApiException.notFound("No batch with this code."));
        if (batch.deleted()) {
            throw ApiException.gone("This batch is no longer available.");
        }
        try {
            Conditional.send(ctx, 200, JSON, CACHE_CONTROL, mapper.writeValueAsBytes(PublicBatch.of(batch)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
