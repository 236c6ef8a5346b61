package dev.portalsuite.freshness.qr;

import dev.portalsuite.freshness.batch.BatchService;
import dev.portalsuite.freshness.batch.BatchView;
import dev.portalsuite.freshness.web.Conditional;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.web.Inputs;
import dev.portalsuite.shared.web.Requests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/freshness/batches/{id}/qr.svg} and {@code qr.png}: the QR code of a batch's public URL, for
 * the same callers who may see the batch. A batch's public code never changes, so the images are cached
 * privately (they sit behind a bearer token) and revalidated by ETag.
 */
public final class QrController {
    static final String CACHE_CONTROL = "private, max-age=86400";

    private final BatchService batches;
    private final QrCodes qr;

    public QrController(BatchService batches, QrCodes qr) {
        this.batches = batches;
        this.qr = qr;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/freshness/batches/{id}/qr.svg", this::svg, Role.ADMIN, Role.INVENTORY);
        routes.get("/api/freshness/batches/{id}/qr.png", this::png, Role.ADMIN, Role.INVENTORY);
    }

    private void svg(Context ctx) {
        Caller caller = Caller.of(ctx);
        BatchView batch = batches.visible(caller, Requests.uuidPath(ctx, "id"));
        ctx.header("Content-Disposition", "inline; filename=\"batch-" + batch.publicCode() + ".svg\"");
        Conditional.send(ctx, 200, "image/svg+xml", CACHE_CONTROL,
                qr.svg(batch.publicUrl()).getBytes(StandardCharsets.UTF_8));
    }

    private void png(Context ctx) {
        Caller caller = Caller.of(ctx);
        var id = Requests.uuidPath(ctx, "id");
        int size = Inputs.queryInt(ctx, "size", QrCodes.DEFAULT_PNG_SIZE, QrCodes.MIN_PNG_SIZE, QrCodes.MAX_PNG_SIZE);
        BatchView batch = batches.visible(caller, id);
        ctx.header("Content-Disposition", "inline; filename=\"batch-" + batch.publicCode() + ".png\"");
        Conditional.send(ctx, 200, "image/png", CACHE_CONTROL, qr.png(batch.publicUrl(), size));
    }

}
