package dev.portalsuite.sync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.auth.AuthApp;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.portal.PortalUnderTest;
import dev.portalsuite.shared.config.Env;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.sync.SyncConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The real auth-service and portal-service as heimdal-sync meets them: {@link AuthUnderTest} and
 * {@link PortalUnderTest} (the shared {@code ServiceUnderTest}) on one fresh database, portal-service verifying
 * tokens through auth-service's JWKS, as in production. The {@code heimdal-sync} service client is provisioned with
 * scope {@code portal:ingest} the way the local suite does it. Plus the sync tests' conveniences.
 */
public final class Suite implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String CLIENT_ID = "heimdal-sync";
    public static final String CLIENT_SECRET = "sync-secret-" + UUID.randomUUID().toString().replace("-", "");

    private final AuthUnderTest auth = new AuthUnderTest().clock(Clock.systemUTC())
            .onStart(started -> started.app().serviceClients().ensure(CLIENT_ID, CLIENT_SECRET, List.of("portal:ingest")));
    private final PortalUnderTest portal = new PortalUnderTest().clock(Clock.systemUTC()).sharingDatabaseWith(auth)
            .verifyingTokensOf(auth::url);
    private String adminToken;

    private Suite() {
    }

    public static Suite start() {
        Suite suite = new Suite();
        try {
            suite.auth.start();
            suite.portal.start();
            suite.adminToken = suite.auth.adminToken();
            return suite;
        } catch (RuntimeException | Error e) {
            suite.close();
            throw e;
        }
    }

    public String authUrl() {
        return auth.url();
    }

    public String portalUrl() {
        return portal.url();
    }

    public ApiClient authApi() {
        return auth.client();
    }

    public ApiClient portalApi() {
        return portal.client();
    }

    public AuthApp auth() {
        return auth.app();
    }

    public String adminToken() {
        return adminToken;
    }

    public Jdbi portalDb() {
        return portal.jdbi();
    }

    public Jdbi authDb() {
        return auth.jdbi();
    }

    /** Creates an MSSP organisation through the portal API (as the admin) and returns its id. */
    public UUID createMssp(String name) {
        ObjectNode body = JSON.createObjectNode().put("type", "MSSP").put("name", name);
        ApiResponse created = portalApi().post("/api/portal/orgs").bearer(adminToken).json(body.toString()).send();
        if (created.status() != 201) {
            throw new AssertionError("MSSP not created: " + created);
        }
        return UUID.fromString(created.json().get("id").asText());
    }

    /** A service client created through the admin API; returns its secret. */
    public String createClient(String clientId, String scopesJson) {
        ApiResponse created = authApi().post("/api/auth/admin/service-clients").bearer(adminToken)
                .json("{\"clientId\":\"" + clientId + "\",\"scopes\":" + scopesJson + "}").send();
        if (created.status() != 201) {
            throw new AssertionError("client not created: " + created);
        }
        return created.json().get("clientSecret").asText();
    }

    public ApiResponse setClientDisabled(String clientId, boolean disabled) {
        return authApi().patch("/api/auth/admin/service-clients/" + clientId).bearer(adminToken)
                .json("{\"disabled\":" + disabled + "}").send();
    }

    /** The job's environment for this suite and a fake Heimdal, with test-friendly retry delays. */
    public Map<String, String> jobEnv(FakeHeimdal heimdal, String apiKey, String customerId, UUID msspOrgId) {
        Map<String, String> env = new HashMap<>();
        env.put("HEIMDAL_BASE_URL", heimdal.baseUrl());
        env.put("HEIMDAL_API_KEY", apiKey);
        env.put("HEIMDAL_CUSTOMER_ID", customerId);
        env.put("HEIMDAL_PAGE_SIZE", "10");
        env.put("HEIMDAL_READ_TIMEOUT", "PT5S");
        env.put("PORTAL_URL", portalUrl());
        env.put("AUTH_URL", authUrl());
        env.put("SYNC_CLIENT_ID", CLIENT_ID);
        env.put("SYNC_CLIENT_SECRET", CLIENT_SECRET);
        env.put("SYNC_MSSP_ORG_ID", msspOrgId.toString());
        env.put("SYNC_RETRY_BASE_DELAY", "PT0.1S");
        env.put("SYNC_RETRY_MAX_DELAY", "PT1S");
        return env;
    }

    public SyncConfig config(Map<String, String> env) {
        return SyncConfig.fromEnv(new Env(env));
    }

    // ------------------------------------------------------------------ portal state

    /** "STATUS TYPE name <parent external id or MSSP>" of every heimdal org under the MSSP, by external id. */
    public Map<String, String> orgs(UUID msspOrgId) {
        return portalDb().withHandle(h -> h.createQuery("""
                        SELECT o.external_id, o.status || ' ' || o.type || ' ' || o.name || ' <' ||
                               CASE WHEN p.type = 'MSSP' THEN 'MSSP' ELSE COALESCE(p.external_id, '-') END || '>' AS v
                        FROM orgs o JOIN orgs p ON p.id = o.parent_id
                        WHERE o.external_source = 'heimdal' AND o.mssp_id = :mssp
                        """).bind("mssp", msspOrgId)
                .reduceRows(new TreeMap<String, String>(), (map, row) -> {
                    map.put(row.getColumn("external_id", String.class), row.getColumn("v", String.class));
                    return map;
                }));
    }

    public JsonNode org(String externalId) {
        return portalDb().withHandle(h -> h.createQuery("""
                        SELECT json_build_object('type', type, 'name', name, 'status', status, 'licenseType', license_type,
                               'splaLicense', spla_license, 'purchasedLicenses', purchased_licenses,
                               'activeLicenses', active_licenses, 'devices', devices)::text
                        FROM orgs WHERE external_source = 'heimdal' AND external_id = :id""")
                .bind("id", externalId).mapTo(String.class).findOne()).map(Suite::parse).orElse(null);
    }

    /** The portal's sync-run history for an MSSP (as the admin sees it through the API), newest first. */
    public List<JsonNode> runs(UUID msspOrgId) {
        JsonNode page = portalApi().get("/api/portal/sync-runs").bearer(adminToken).query("limit", 200).send().json();
        List<JsonNode> runs = new java.util.ArrayList<>();
        page.get("items").forEach(run -> {
            if (run.get("msspOrgId").asText().equals(msspOrgId.toString())) {
                runs.add(run);
            }
        });
        return runs;
    }

    public long count(Jdbi db, String sql) {
        return db.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            portal.close();
        } finally {
            auth.close();
        }
    }
}
