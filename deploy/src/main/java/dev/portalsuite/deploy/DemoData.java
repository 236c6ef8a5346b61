package dev.portalsuite.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.account.RegisterRequest;
import dev.portalsuite.auth.audit.RequestOrigin;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.freshness.batch.BatchResponse;
import dev.portalsuite.freshness.batch.BatchService;
import dev.portalsuite.freshness.batch.CreateBatchRequest;
import dev.portalsuite.freshness.batch.UpdateBatchRequest;
import dev.portalsuite.freshness.policy.FreshnessStatus;
import dev.portalsuite.freshness.web.Caller;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.Pagination;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The development accounts listed in the README; seeded once, left alone when they exist. */
final class DemoData {
    static final String ADMIN_EMAIL = "admin@portal.dev";
    static final String ADMIN_PASSWORD = "Admin@123!";

    record Account(String email, String password, String fullName, String role) {
    }

    static final List<Account> ACCOUNTS = List.of(
            new Account(ADMIN_EMAIL, ADMIN_PASSWORD, "Administrator", "admin"),
            new Account("chris@portal.dev", "Chris@123!", "Chris Demo", "user"));

    /**
     * The demo CLIENT organisation. portal-service's demo data does not exist yet, so this fixed id stands in
     * for it; when portal-service seeds its demo client organisation, this must be (or become) that org's id.
     */
    static final UUID DEMO_CLIENT_ORG_ID = UUID.fromString("6a1f3c9e-2b7d-4e58-9c40-8d2e5b7f1a03");

    /** Accounts with a role and an organisation: registered like any user, then set up by the demo admin. */
    record OrgAccount(String email, String password, String fullName, String role, UUID orgId, String orgType) {
    }

    static final List<OrgAccount> ORG_ACCOUNTS = List.of(
            new OrgAccount("inventory@portal.dev", "Inventory@123!", "Ivy Inventory", "inventory", DEMO_CLIENT_ORG_ID,
                    "CLIENT"));

    /** One demo batch per status: the arrival date that gives that status today under the default policy. */
    record DemoBatch(String identifier, String product, FreshnessStatus status, int daysOnShelf) {
    }

    static final List<DemoBatch> BATCHES = List.of(
            new DemoBatch("DEMO-FRESH", "Beef mince", FreshnessStatus.FRESH, 1),
            new DemoBatch("DEMO-CAUTION", "Pork sausages", FreshnessStatus.CAUTION, 3),
            new DemoBatch("DEMO-EXPIRED", "Chicken breast", FreshnessStatus.EXPIRED, 6));

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private DemoData() {
    }

    /** The admin comes from the bootstrap-admin settings; the others are registered like any user. */
    static void seed(AuthApp auth) {
        for (Account account : ACCOUNTS) {
            if (account.role().equals("admin")) {
                continue;
            }
            try {
                auth.accounts().register(new RegisterRequest(account.email(), account.password(), account.fullName(), null),
                        RequestOrigin.SYSTEM);
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
        seedOrgAccounts(auth);
    }

    /**
     * Registers the organisation accounts; a newly registered one gets its role and organisation through
     * auth-service's admin API ({@code PATCH /api/auth/admin/users/{id}}, audited like any admin change),
     * signed in as the demo admin. Existing accounts are left alone.
     */
    private static void seedOrgAccounts(AuthApp auth) {
        Map<UUID, OrgAccount> registered = new LinkedHashMap<>();
        for (OrgAccount account : ORG_ACCOUNTS) {
            try {
                var pair = auth.accounts().register(new RegisterRequest(account.email(), account.password(),
                        account.fullName(), null), RequestOrigin.SYSTEM);
                registered.put(pair.user().id(), account);
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
        }
        if (registered.isEmpty()) {
            return;
        }
        AdminApi admin = new AdminApi("http://127.0.0.1:" + auth.port());
        String token;
        try {
            token = admin.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        } catch (IllegalStateException e) {
            LOG.warn("the demo admin cannot sign in ({}); {} keep the role 'user'", e.getMessage(), registered.values());
            return;
        }
        registered.forEach((id, account) -> admin.setRoleAndOrg(token, id, account.role(), account.orgId(), account.orgType()));
    }

    /**
     * One batch per status in the demo client organisation. Idempotent: a demo batch that is missing is created;
     * one whose status has drifted since an earlier start gets arrival dates that restore it, so its public code
     * (and any QR code printed from it) stays the same.
     *
     * @return the public page of the FRESH demo batch
     */
    static String seedFreshness(FreshnessApp freshness) {
        BatchService batches = freshness.batches();
        Caller system = new Caller("system", null, true);
        LocalDate today = batches.today();
        Map<String, BatchResponse> existing = new LinkedHashMap<>();
        batches.list(system, null, null, "DEMO-", new Pagination(Pagination.MAX_LIMIT, 0)).items().stream()
                .filter(batch -> batch.orgId().equals(DEMO_CLIENT_ORG_ID))
                .forEach(batch -> existing.put(batch.batchIdentifier(), batch));
        ObjectMapper mapper = Json.newObjectMapper();
        List<BatchResponse> seeded = new ArrayList<>();
        for (DemoBatch demo : BATCHES) {
            LocalDate arrival = today.minusDays(demo.daysOnShelf());
            String butcher = arrival.minusDays(1).toString();
            BatchResponse batch = existing.get(demo.identifier());
            if (batch == null) {
                batch = batches.create(system, new CreateBatchRequest(demo.product(), demo.identifier(), butcher,
                        arrival.toString(), "Demo batch of the local suite", DEMO_CLIENT_ORG_ID.toString()),
                        dev.portalsuite.freshness.audit.RequestOrigin.SYSTEM);
            } else if (batch.status() != demo.status()) {
                batch = batches.update(system, batch.id(), new UpdateBatchRequest(null, null,
                        mapper.getNodeFactory().textNode(butcher), mapper.getNodeFactory().textNode(arrival.toString()),
                        null), dev.portalsuite.freshness.audit.RequestOrigin.SYSTEM);
            }
            seeded.add(batch);
        }
        return seeded.get(0).publicUrl();
    }

    /** The few calls of auth-service's admin API the demo data needs. */
    private static final class AdminApi {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ObjectMapper mapper = Json.newObjectMapper();
        private final String baseUrl;

        AdminApi(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        String login(String email, String password) {
            Map<String, String> body = Map.of("email", email, "password", password);
            return send("POST", "/api/auth/login", null, body).get("accessToken").asText();
        }

        void setRoleAndOrg(String token, UUID userId, String role, UUID orgId, String orgType) {
            Map<String, Object> body = Map.of("roles", List.of(role), "orgId", orgId.toString(), "orgType", orgType);
            send("PATCH", "/api/auth/admin/users/" + userId, token, body);
        }

        private JsonNode send(String method, String path, String token, Object body) {
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                            + response.body());
                }
                return mapper.readTree(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(method + " " + path + " was interrupted", e);
            }
        }
    }
}
