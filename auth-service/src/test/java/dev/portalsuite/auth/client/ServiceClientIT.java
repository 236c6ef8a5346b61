package dev.portalsuite.auth.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.auth.AuthUnderTest;
import dev.portalsuite.shared.security.JwtSettings;
import dev.portalsuite.shared.security.Principal;
import dev.portalsuite.shared.security.TokenVerifier;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServiceClientIT {
    private static final String FORM = "application/x-www-form-urlencoded";
    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String admin;

    @BeforeAll
    static void start() {
        admin = server.adminToken();
    }

    private static ApiClient api() {
        return server.client();
    }

    private static JsonNode createClient(String clientId, String scopesJson) {
        ApiResponse created = api().post("/api/auth/admin/service-clients").bearer(admin)
                .json("{\"clientId\":\"" + clientId + "\",\"scopes\":" + scopesJson + "}").send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static ApiResponse tokenWithBasic(String clientId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return api().post("/api/auth/token").header("Authorization", "Basic " + basic)
                .header("X-Forwarded-For", AuthUnderTest.freshIp())
                .body(form.getBytes(StandardCharsets.UTF_8), FORM).send();
    }

    private static ApiResponse tokenWithForm(String form) {
        return api().post("/api/auth/token").header("X-Forwarded-For", AuthUnderTest.freshIp())
                .body(form.getBytes(StandardCharsets.UTF_8), FORM).send();
    }

    @Test
    void issuesVerifiableServiceTokensWithTheGrantedScopes() throws Exception {
        JsonNode client = createClient("heimdal-sync", "[\"portal:ingest\",\"portal:read\"]");
        String secret = client.get("clientSecret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

        ApiResponse basic = tokenWithBasic("heimdal-sync", secret, "grant_type=client_credentials");
        assertThat(basic.status()).as(basic.body()).isEqualTo(200);
        assertThat(basic.header("Cache-Control")).isEqualTo("no-store");
        assertThat(basic.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(basic.json().get("expires_in").asLong()).isEqualTo(900);
        assertThat(basic.json().get("scope").asText()).isEqualTo("portal:ingest portal:read");

        // verified the way portal-service will: through the published JWKS
        TokenVerifier verifier = TokenVerifier.withJwks(URI.create(server.url() + "/.well-known/jwks.json"),
                new JwtSettings("portal-suite", "portal-suite", Duration.ofSeconds(30)), Clock.systemUTC());
        Principal principal = verifier.verify(basic.json().get("access_token").asText());
        assertThat(principal.subject()).isEqualTo("heimdal-sync");
        assertThat(principal.roles()).containsExactly("service");
        assertThat(principal.scopes()).containsExactlyInAnyOrder("portal:ingest", "portal:read");
        assertThat(principal.sessionId()).isNull();

        ApiResponse form = tokenWithForm("grant_type=client_credentials&client_id=heimdal-sync&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&scope=portal%3Aingest");
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(verifier.verify(form.json().get("access_token").asText()).scopes()).containsExactly("portal:ingest");

        // only a hash of the secret is stored
        byte[] stored = server.jdbi().withHandle(h -> h.createQuery(
                "SELECT secret_hash FROM service_clients WHERE client_id = 'heimdal-sync'").mapTo(byte[].class).one());
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'client.token_issued' "
                + "AND details->>'clientId' = 'heimdal-sync'")).isEqualTo(2);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE details::text LIKE '%" + secret + "%'")).isZero();
    }

    @Test
    void refusesWrongSecretsUnknownAndDisabledClients() {
        String secret = createClient("reports-job", "[\"portal:read\"]").get("clientSecret").asText();

        ApiResponse wrong = tokenWithBasic("reports-job", secret + "x", "grant_type=client_credentials");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(tokenWithBasic("nobody", secret, "grant_type=client_credentials").status()).isEqualTo(401);

        ApiResponse disabled = api().patch("/api/auth/admin/service-clients/reports-job").bearer(admin)
                .json("{\"disabled\":true}").send();
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertThat(tokenWithBasic("reports-job", secret, "grant_type=client_credentials").json().get("error").asText())
                .isEqualTo("invalid_client");

        api().patch("/api/auth/admin/service-clients/reports-job").bearer(admin).json("{\"disabled\":false}").send();
        assertThat(tokenWithBasic("reports-job", secret, "grant_type=client_credentials").status()).isEqualTo(200);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'client.token_refused' "
                + "AND details->>'clientId' IN ('reports-job', 'nobody')")).isEqualTo(3);
    }

    @Test
    void followsRfc6749ForMalformedRequests() {
        String secret = createClient("strict-job", "[\"portal:read\"]").get("clientSecret").asText();

        ApiResponse grant = tokenWithBasic("strict-job", secret, "grant_type=password");
        assertThat(grant.status()).isEqualTo(400);
        assertThat(grant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        ApiResponse missingGrant = api().post("/api/auth/token").invalidRequest()
                .body(("client_id=strict-job&client_secret=" + secret).getBytes(StandardCharsets.UTF_8), FORM).send();
        assertThat(missingGrant.status()).isEqualTo(400);
        assertThat(missingGrant.json().get("error").asText()).isEqualTo("invalid_request");
        ApiResponse scope = tokenWithBasic("strict-job", secret, "grant_type=client_credentials&scope=portal%3Aadmin");
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().get("error").asText()).isEqualTo("invalid_scope");
        ApiResponse both = tokenWithBasic("strict-job", secret, "grant_type=client_credentials&client_secret=" + secret);
        assertThat(both.json().get("error").asText()).isEqualTo("invalid_request");
        ApiResponse noCredentials = tokenWithForm("grant_type=client_credentials");
        assertThat(noCredentials.status()).isEqualTo(400);
        ApiResponse json = api().post("/api/auth/token").json("{\"grant_type\":\"client_credentials\"}").invalidRequest().send();
        assertThat(json.status()).isEqualTo(415);
        assertThat(json.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action LIKE 'client.token%' "
                + "AND details->>'clientId' = 'strict-job'")).isZero();
    }

    @Test
    void onlyAdminsManageClientsAndServiceTokensAreNotPeople() {
        String secret = createClient("robot", "[\"portal:ingest\"]").get("clientSecret").asText();
        String serviceToken = tokenWithBasic("robot", secret, "grant_type=client_credentials").json().get("access_token").asText();
        String userToken = server.newUser("plain-user@example.com").get("accessToken").asText();

        assertThat(api().get("/api/auth/admin/service-clients").bearer(userToken).send().status()).isEqualTo(403);
        assertThat(api().get("/api/auth/admin/service-clients").send().status()).isEqualTo(401);
        assertThat(api().post("/api/auth/admin/service-clients").bearer(serviceToken)
                .json("{\"clientId\":\"sneaky\",\"scopes\":[]}").send().status()).isEqualTo(403);
        assertThat(api().get("/api/auth/me").bearer(serviceToken).send().status()).isEqualTo(403);
        assertThat(api().get("/api/auth/sessions").bearer(serviceToken).send().status()).isEqualTo(403);
        assertThat(api().get("/api/auth/admin/users").bearer(serviceToken).send().status()).isEqualTo(403);

        ApiResponse list = api().get("/api/auth/admin/service-clients").bearer(admin).send();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("secret");

        ApiResponse duplicate = api().post("/api/auth/admin/service-clients").bearer(admin)
                .json("{\"clientId\":\"robot\",\"scopes\":[]}").send();
        assertThat(duplicate.status()).isEqualTo(409);
        for (String bad : List.of("{\"clientId\":\"Robot Two\",\"scopes\":[]}", "{\"clientId\":\"ok-id\",\"scopes\":[\"NOT A SCOPE\"]}",
                "{\"clientId\":\"x\",\"scopes\":[]}")) {
            ApiResponse response = api().post("/api/auth/admin/service-clients").bearer(admin).json(bad).invalidRequest().send();
            assertThat(response.status()).as(bad).isEqualTo(400);
        }
        assertThat(api().patch("/api/auth/admin/service-clients/ghost").bearer(admin).json("{\"disabled\":true}").send().status())
                .isEqualTo(404);
        assertThat(server.count("SELECT count(*) FROM service_clients WHERE client_id IN ('ok-id', 'x', 'sneaky')")).isZero();
    }

    @Test
    void ensureProvisionsAClientFromConfigurationIdempotently() {
        var clients = server.app().serviceClients();
        clients.ensure("configured-sync", "a-configured-secret-of-some-length", List.of("portal:ingest"));
        assertThat(configurationEvents("client.created", "configured-sync")).isEqualTo(1);
        JsonNode created = listedClient("configured-sync");

        // a restart with the same configuration writes nothing
        clients.ensure("configured-sync", "a-configured-secret-of-some-length", List.of("portal:ingest"));
        assertThat(listedClient("configured-sync")).isEqualTo(created);
        assertThat(configurationEvents("client.updated", "configured-sync")).isZero();
        assertThat(tokenWithBasic("configured-sync", "a-configured-secret-of-some-length", "grant_type=client_credentials")
                .status()).isEqualTo(200);

        clients.ensure("configured-sync", "a-rotated-secret-of-some-length!", List.of("portal:ingest"));
        assertThat(server.count("SELECT count(*) FROM service_clients WHERE client_id = 'configured-sync'")).isEqualTo(1);
        assertThat(tokenWithBasic("configured-sync", "a-configured-secret-of-some-length", "grant_type=client_credentials")
                .status()).isEqualTo(401);
        assertThat(tokenWithBasic("configured-sync", "a-rotated-secret-of-some-length!", "grant_type=client_credentials")
                .status()).isEqualTo(200);
        assertThat(configurationEvents("client.updated", "configured-sync")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'client.updated' "
                + "AND details->>'clientId' = 'configured-sync' AND details->>'secretRotated' = 'true'")).isEqualTo(1);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE details::text LIKE '%a-rotated-secret%'")).isZero();
    }

    @Test
    void ensureKeepsAnAdministratorsDisableAcrossRestarts() {
        var clients = server.app().serviceClients();
        String secret = "the-configured-sync-secret-1";
        clients.ensure("disabled-sync", secret, List.of("portal:ingest"));
        assertThat(tokenWithBasic("disabled-sync", secret, "grant_type=client_credentials").status()).isEqualTo(200);
        ApiResponse disabled = api().patch("/api/auth/admin/service-clients/disabled-sync").bearer(admin)
                .json("{\"disabled\":true}").send();
        assertThat(disabled.status()).isEqualTo(200);

        // a restart with unchanged configuration
        clients.ensure("disabled-sync", secret, List.of("portal:ingest"));
        assertThat(listedClient("disabled-sync").get("disabled").asBoolean()).isTrue();
        assertThat(tokenWithBasic("disabled-sync", secret, "grant_type=client_credentials").json().get("error").asText())
                .isEqualTo("invalid_client");
        assertThat(configurationEvents("client.updated", "disabled-sync")).isZero();

        // a restart with a new secret and scopes: they apply, the client stays disabled
        String rotated = "the-rotated-sync-secret-2";
        clients.ensure("disabled-sync", rotated, List.of("portal:ingest", "portal:read"));
        JsonNode listed = listedClient("disabled-sync");
        assertThat(listed.get("disabled").asBoolean()).isTrue();
        assertThat(listed.get("scopes")).extracting(JsonNode::asText).containsExactly("portal:ingest", "portal:read");
        assertThat(tokenWithBasic("disabled-sync", rotated, "grant_type=client_credentials").status()).isEqualTo(401);
        assertThat(server.count("SELECT count(*) FROM audit_events WHERE action = 'client.updated' "
                + "AND details->>'clientId' = 'disabled-sync' AND details->>'by' = 'configuration' "
                + "AND details->>'secretRotated' = 'true' AND details->>'disabled' = 'true'")).isEqualTo(1);

        // only an administrator enables it again
        assertThat(api().patch("/api/auth/admin/service-clients/disabled-sync").bearer(admin)
                .json("{\"disabled\":false}").send().status()).isEqualTo(200);
        ApiResponse token = tokenWithBasic("disabled-sync", rotated, "grant_type=client_credentials");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("scope").asText()).isEqualTo("portal:ingest portal:read");
    }

    /** The client as an administrator lists it. */
    private static JsonNode listedClient(String clientId) {
        ApiResponse list = api().get("/api/auth/admin/service-clients").bearer(admin).query("limit", 200).send();
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode item : list.json().get("items")) {
            if (item.get("clientId").asText().equals(clientId)) {
                return item;
            }
        }
        throw new AssertionError("not listed: " + clientId);
    }

    private static long configurationEvents(String action, String clientId) {
        return server.count("SELECT count(*) FROM audit_events WHERE action = '" + action + "' AND details->>'clientId' = '"
                + clientId + "' AND actor_id IS NULL AND (details->>'by' = 'configuration' OR details->>'fromConfiguration' = 'true')");
    }

    @Test
    void tokenRequestsAreRateLimitedPerClientIp() {
        try (AuthUnderTest limited = new AuthUnderTest().with("RATE_LIMIT_AUTH", "3").start()) {
            String ip = "198.51.100.7";
            for (int i = 0; i < 3; i++) {
                ApiResponse response = limited.client().post("/api/auth/token").header("X-Forwarded-For", ip)
                        .body("grant_type=client_credentials&client_id=nobody&client_secret=x".getBytes(StandardCharsets.UTF_8), FORM)
                        .send();
                assertThat(response.status()).isEqualTo(401);
            }
            ApiResponse fourth = limited.client().post("/api/auth/token").header("X-Forwarded-For", ip)
                    .body("grant_type=client_credentials&client_id=nobody&client_secret=x".getBytes(StandardCharsets.UTF_8), FORM)
                    .send();
            assertThat(fourth.status()).isEqualTo(429);
            assertThat(fourth.header("Retry-After")).isNotBlank();
        }
    }
}
