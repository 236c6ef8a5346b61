package dev.portalsuite.console.syncrun;

import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.web.Dates;
import dev.portalsuite.console.web.PageException;
import dev.portalsuite.console.web.Pages;
import dev.portalsuite.console.web.Table;
import dev.portalsuite.console.web.Views;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /admin/sync-runs}: the Heimdal sync runs with their counts, rejections and errors. */
public final class SyncRunController {
    private final Pages pages;

    public SyncRunController(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/sync-runs", this::list);
    }

    private void list(Context ctx) {
        if (!pages.profile(ctx).isAdmin()) {
            throw PageException.forbidden();
        }
        List<List<String>> rows = new ArrayList<>();
        try {
            pages.api(ctx).get("/api/portal/sync-runs", Map.of("limit", "50")).body().path("items").forEach(r -> {
                List<String> rejections = new ArrayList<>();
                r.path("errors").forEach(e -> rejections.add(e.path("externalId").asText() + ": " + e.path("reason").asText()));
                String error = Views.textOr(r, "error", "");
                rows.add(List.of(Dates.when(Views.text(r, "startedAt")), Views.textOr(r, "status", ""),
                        Views.textOr(r, "source", ""), r.path("received").asText(), r.path("inserted").asText() + " / "
                                + r.path("updated").asText() + " / " + r.path("unchanged").asText(),
                        r.path("rejected").asText(), r.path("deactivated").asText(),
                        String.join("; ", rejections) + (error.isEmpty() ? "" : (rejections.isEmpty() ? "" : "; ") + error)));
            });
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        pages.render(ctx, "sync-runs.jte", "Sync runs", "admin", Map.of("table", new Table("Sync runs, newest first",
                List.of("Started", "Status", "Source", "Received", "New / updated / same", "Rejected", "Deactivated",
                        "Rejections and errors"), rows)));
    }
}
