package dev.portalsuite.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.account.AccountProvisioning;
import dev.portalsuite.freshness.FreshnessApp;
import dev.portalsuite.freshness.batch.BatchResponse;
import dev.portalsuite.freshness.batch.BatchService;
import dev.portalsuite.freshness.batch.CreateBatchRequest;
import dev.portalsuite.freshness.batch.UpdateBatchRequest;
import dev.portalsuite.freshness.policy.FreshnessStatus;
import dev.portalsuite.portal.PortalApp;
import dev.portalsuite.portal.notification.CreateNotificationRequest;
import dev.portalsuite.portal.org.CreateOrgRequest;
import dev.portalsuite.portal.product.CreateProductRequest;
import dev.portalsuite.portal.product.ProductResponse;
import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.web.Pagination;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
     * portal-service's demo organisations have fixed ids, so the accounts below and other services' demo data
     * can refer to them: the MSSP, its first MSP, and that MSP's first client (which also owns the demo batches).
     */
    static final UUID DEMO_MSSP_ORG_ID = UUID.fromString("3d5e8a41-7c2b-4f96-8e1a-5b0c9d2f4a11");
    static final UUID DEMO_MSP_ORG_ID = UUID.fromString("9b2c4e67-1a3d-4c85-b7f0-2e6d8a1c3b22");
    static final UUID DEMO_CLIENT_ORG_ID = UUID.fromString("6a1f3c9e-2b7d-4e58-9c40-8d2e5b7f1a03");
    private static final UUID FABRIKAM = UUID.fromString("c47a1e90-5d2b-4b36-9f81-3a6e0d7c5b33");
    private static final UUID TAILSPIN = UUID.fromString("e81b3f25-9c4a-4d17-a2e6-7f0b1c8d6a44");

    /** One demo organisation; parents come before their children. */
    record DemoOrg(UUID id, String type, String name, UUID parentId, String licenseType, int purchased, int active,
                   int devices) {
    }

    static final List<DemoOrg> ORGS = List.of(
            new DemoOrg(DEMO_MSSP_ORG_ID, "MSSP", "Northwind Security", null, null, 0, 0, 0),
            new DemoOrg(DEMO_MSP_ORG_ID, "MSP", "Contoso IT Services", DEMO_MSSP_ORG_ID, "SPLA", 0, 0, 0),
            new DemoOrg(FABRIKAM, "MSP", "Fabrikam Managed IT", DEMO_MSSP_ORG_ID, "SPLA", 0, 0, 0),
            new DemoOrg(TAILSPIN, "MSP", "Tailspin Networks", DEMO_MSSP_ORG_ID, "NFR", 0, 0, 0),
            new DemoOrg(DEMO_CLIENT_ORG_ID, "CLIENT", "Adventure Works", DEMO_MSP_ORG_ID, "SPLA", 50, 44, 47),
            new DemoOrg(UUID.fromString("0f6d2a83-4b1c-4e9a-8d57-1c3e5a7b9d55"), "CLIENT", "Alpine Ski House",
                    DEMO_MSP_ORG_ID, "SPLA", 25, 18, 20),
            new DemoOrg(UUID.fromString("2a8e4c61-7f3d-4b05-9e12-6d4a8c0e2f66"), "CLIENT", "Wide World Importers",
                    FABRIKAM, "SPLA", 120, 97, 110),
            new DemoOrg(UUID.fromString("5c0a6e43-9b2f-4d78-a1c4-8e2b6d0f4a77"), "CLIENT", "Coho Winery",
                    FABRIKAM, "TRIAL", 10, 4, 4),
            new DemoOrg(UUID.fromString("7e2c8a05-1d4b-4f9c-b3e6-0a4d8f2c6e88"), "CLIENT", "Litware Inc.",
                    FABRIKAM, "SPLA", 60, 58, 65),
            new DemoOrg(UUID.fromString("9a4e0c27-3f6d-4a1b-85c8-2e6f0b4d8a99"), "CLIENT", "Margie's Travel",
                    TAILSPIN, "NFR", 30, 12, 15),
            new DemoOrg(UUID.fromString("b6f2e849-5a8c-4d3e-97a0-4c8e2d6f0baa"), "CLIENT", "Proseware Ltd",
                    DEMO_MSSP_ORG_ID, "SPLA", 200, 180, 190));

    /** A catalogue product and the demo organisations it is enabled for. */
    record DemoProduct(String code, String name, List<UUID> enabledFor) {
    }

    static final List<DemoProduct> PRODUCTS = List.of(
            new DemoProduct("EDR", "Endpoint Detection & Response", List.of(DEMO_MSSP_ORG_ID, DEMO_MSP_ORG_ID, FABRIKAM, TAILSPIN)),
            new DemoProduct("DNS", "DNS Security", List.of(DEMO_MSSP_ORG_ID, DEMO_MSP_ORG_ID)),
            new DemoProduct("PATCH", "Patch Management", List.of(DEMO_MSSP_ORG_ID, FABRIKAM)),
            new DemoProduct("EMAIL", "Email Fraud Prevention", List.of(DEMO_MSSP_ORG_ID)));

    /** Accounts with a role and an organisation. */
    record OrgAccount(String email, String password, String fullName, String role, UUID orgId, String orgType) {
    }

    static final List<OrgAccount> ORG_ACCOUNTS = List.of(
            new OrgAccount("mssp@portal.dev", "Mssp@123!", "Maya MSSP", "mssp", DEMO_MSSP_ORG_ID, "MSSP"),
            new OrgAccount("msp@portal.dev", "Msp@123!", "Max MSP", "msp", DEMO_MSP_ORG_ID, "MSP"),
            new OrgAccount("client@portal.dev", "Client@123!", "Cleo Client", "client", DEMO_CLIENT_ORG_ID, "CLIENT"),
            new OrgAccount("inventory@portal.dev", "Inventory@123!", "Ivy Inventory", "inventory", DEMO_CLIENT_ORG_ID,
                    "CLIENT"));

    /** One demo batch per status: the arrival date that gives that status today under the default policy. */
    record DemoBatch(String identifier, String product, FreshnessStatus status, int daysOnShelf) {
    }

    static final List<DemoBatch> BATCHES = List.of(
            new DemoBatch("DEMO-FRESH", "Beef mince", FreshnessStatus.FRESH, 1),
            new DemoBatch("DEMO-CAUTION", "Pork sausages", FreshnessStatus.CAUTION, 3),
            new DemoBatch("DEMO-EXPIRED", "Chicken breast", FreshnessStatus.EXPIRED, 6));

    private DemoData() {
    }

    /**
     * The admin comes from the bootstrap-admin settings; every other account is provisioned in-process with its
     * role and organisation in one transaction. Existing accounts are left alone.
     */
    static void seed(AuthApp auth) {
        for (Account account : ACCOUNTS) {
            if (!account.role().equals("admin")) {
                auth.provisioning().createIfMissing(new AccountProvisioning.Account(account.email(), account.password(),
                        account.fullName(), List.of(account.role()), null, null));
            }
        }
        for (OrgAccount account : ORG_ACCOUNTS) {
            auth.provisioning().createIfMissing(new AccountProvisioning.Account(account.email(), account.password(),
                    account.fullName(), List.of(account.role()), account.orgId(), account.orgType()));
        }
    }

    /**
     * portal-service's demo tree (an MSSP with three MSPs and seven clients), the product catalogue with products
     * enabled, and, the first time only, a few notifications. Idempotent: organisations are found by their fixed
     * ids and products by code; nothing that exists is changed.
     */
    static void seedPortal(PortalApp portal) {
        var system = ScopedCaller.system();
        boolean firstTime = portal.orgs().find(DEMO_MSSP_ORG_ID).isEmpty();
        for (DemoOrg org : ORGS) {
            if (portal.orgs().find(org.id()).isEmpty()) {
                portal.orgs().create(system, new CreateOrgRequest(org.type(), org.name(), org.parentId(), org.licenseType(),
                        "SPLA".equals(org.licenseType()), org.purchased(), org.active(), org.devices(), null, null), org.id());
            }
        }
        for (DemoProduct product : PRODUCTS) {
            UUID id = portal.products().findByCode(product.code()).map(ProductResponse::id).orElseGet(() ->
                    portal.products().create(system, new CreateProductRequest(product.code(), product.name())).id());
            product.enabledFor().forEach(org -> portal.products().enable(system, org, id));
        }
        if (firstTime) {
            notify(portal, new CreateNotificationRequest.Audience(null, DEMO_MSSP_ORG_ID, null), "info",
                    "Welcome to the portal", "Your MSPs and clients are listed under Organisations.");
            notify(portal, new CreateNotificationRequest.Audience(null, FABRIKAM, null), "warning",
                    "Licenses running low", "Litware Inc. uses 58 of its 60 licenses.");
            notify(portal, new CreateNotificationRequest.Audience(null, null, "admin"), "success",
                    "Demo data loaded", "The local suite created the Northwind Security demo organisations.");
        }
    }

    private static void notify(PortalApp portal, CreateNotificationRequest.Audience audience, String type, String title,
                               String message) {
        portal.notifications().create(ScopedCaller.system(),
                new CreateNotificationRequest(audience, title, message, type, null));
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
        Caller system = Caller.system();
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
                        arrival.toString(), "Demo batch of the local suite", DEMO_CLIENT_ORG_ID.toString()));
            } else if (batch.status() != demo.status()) {
                batch = batches.update(system, batch.id(), new UpdateBatchRequest(null, null,
                        mapper.getNodeFactory().textNode(butcher), mapper.getNodeFactory().textNode(arrival.toString()),
                        null));
            }
            seeded.add(batch);
        }
        return seeded.get(0).publicUrl();
    }
}
