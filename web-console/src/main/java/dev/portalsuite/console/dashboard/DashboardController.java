package dev.portalsuite.console.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.console.backend.ApiResult;
import dev.portalsuite.console.backend.Backend;
import dev.portalsuite.console.backend.BackendUnavailableException;
import dev.portalsuite.console.login.LoginController;
import dev.portalsuite.console.session.Profile;
import dev.portalsuite.console.web.Form;
import dev.portalsuite.console.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /}: the dashboard for a signed-in user (the sign-in page otherwise). Organisation staff see their scope's
 * totals, last sync and the charts a manager reads at a glance (licence use per MSP, devices per client); inventory
 * staff see batches by status and those expiring soonest. Every chart's numbers are also in a table.
 */
public final class DashboardController {
    static final int TOP = 8;

    private final Pages pages;
    private final LoginController login;

    public DashboardController(Pages pages, LoginController login) {
        this.pages = pages;
        this.login = login;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/", this::home);
    }

    private void home(Context ctx) {
        if (pages.session(ctx).isEmpty()) {
            login.showSignIn(ctx, 200, Form.empty(), null);
            return;
        }
        Profile profile = pages.profile(ctx);
        Backend.Client api = pages.api(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("profile", profile);
        Dashboard dashboard = null;
        try {
            dashboard = portal(api, profile);
        } catch (BackendUnavailableException e) {
            pages.banner(ctx, e);
        }
        Inventory inventory = null;
        if (profile.managesBatches()) {
            try {
                inventory = inventory(api);
            } catch (BackendUnavailableException e) {
                pages.banner(ctx, e);
            }
        }
        model.put("dashboard", dashboard);
        model.put("inventory", inventory);
        pages.render(ctx, "dashboard.jte", "Dashboard", "home", model);
    }

    private Dashboard portal(Backend.Client api, Profile profile) {
        JsonNode body = api.get("/api/portal/dashboard").body();
        JsonNode scope = body.path("scope");
        JsonNode totals = body.path("totals");
        List<Dashboard.Total> figures = List.of(
                new Dashboard.Total("MSSPs", totals.path("mssps").asLong()),
                new Dashboard.Total("MSPs", totals.path("msps").asLong()),
                new Dashboard.Total("Clients", totals.path("clients").asLong()),
                new Dashboard.Total("Licences purchased", totals.path("purchasedLicenses").asLong()),
                new Dashboard.Total("Licences active", totals.path("activeLicenses").asLong()),
                new Dashboard.Total("Devices", totals.path("devices").asLong()));
        JsonNode sync = body.path("lastSync");
        Dashboard.Sync lastSync = sync.isObject()
                ? new Dashboard.Sync(sync.path("status").asText(""), sync.path("finishedAt").asText(null))
                : null;
        List<Dashboard.Bar> licences = List.of();
        List<Dashboard.Bar> devices = List.of();
        if (profile.seesOrganisations()) {
            List<JsonNode> msps = orgs(api, "MSP");
            List<JsonNode> clients = orgs(api, "CLIENT");
            // an MSP's licences are its own plus its clients'
            Map<String, long[]> perMsp = new HashMap<>();
            msps.forEach(m -> perMsp.put(m.path("id").asText(), new long[] {m.path("purchasedLicenses").asLong(),
                    m.path("activeLicenses").asLong()}));
            clients.forEach(c -> {
                long[] sums = perMsp.get(c.path("parentId").asText());
                if (sums != null) {
                    sums[0] += c.path("purchasedLicenses").asLong();
                    sums[1] += c.path("activeLicenses").asLong();
                }
            });
            licences = top(msps.stream().map(m -> {
                long[] sums = perMsp.get(m.path("id").asText());
                return new Dashboard.Bar(m.path("id").asText(), m.path("name").asText(), sums[0], sums[1]);
            }).toList());
            devices = top(clients.stream().map(c -> new Dashboard.Bar(c.path("id").asText(), c.path("name").asText(),
                    c.path("devices").asLong(), 0)).toList());
        }
        return new Dashboard(scope.path("name").asText(null), scope.path("orgType").asText(null), figures, lastSync,
                licences, devices);
    }

    private static List<JsonNode> orgs(Backend.Client api, String type) {
        ApiResult result = api.get("/api/portal/orgs", Map.of("type", type, "status", "ACTIVE", "limit", "200"));
        List<JsonNode> orgs = new ArrayList<>();
        if (result.ok()) {
            result.json().path("items").forEach(orgs::add);
        }
        return orgs;
    }

    /** The largest {@link #TOP} by value, then by name. */
    private static List<Dashboard.Bar> top(List<Dashboard.Bar> all) {
        List<Dashboard.Bar> bars = new ArrayList<>(all);
        bars.sort(Comparator.comparingLong(Dashboard.Bar::value).reversed().thenComparing(Dashboard.Bar::label));
        return bars.size() > TOP ? bars.subList(0, TOP) : bars;
    }

    private static Inventory inventory(Backend.Client api) {
        List<Dashboard.Bar> byStatus = new ArrayList<>();
        for (String status : List.of("FRESH", "CAUTION", "EXPIRED")) {
            ApiResult result = api.get("/api/freshness/batches", Map.of("status", status, "limit", "1"));
            byStatus.add(new Dashboard.Bar(status.toLowerCase(java.util.Locale.ROOT), Inventory.label(status),
                    result.ok() ? result.json().path("total").asLong() : 0, 0));
        }
        List<Inventory.Batch> soon = new ArrayList<>();
        for (String status : List.of("CAUTION", "FRESH")) {
            ApiResult result = api.get("/api/freshness/batches", Map.of("status", status, "limit", "200"));
            if (result.ok()) {
                result.json().path("items").forEach(b -> soon.add(new Inventory.Batch(b.path("id").asText(),
                        b.path("product").asText(), b.path("batchIdentifier").asText(), b.path("status").asText(),
                        b.path("expiresOn").asText(), b.path("daysOnShelf").asInt())));
            }
        }
        soon.sort(Comparator.comparing(Inventory.Batch::expiresOn).thenComparing(Inventory.Batch::product));
        return new Inventory(byStatus, soon.size() > 10 ? soon.subList(0, 10) : soon);
    }
}
