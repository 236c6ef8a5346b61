package dev.portalsuite.auth;

import static dev.portalsuite.shared.testing.ProblemAssert.assertCleanProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.shared.testing.ApiClient;
import dev.portalsuite.shared.testing.ApiResponse;
import dev.portalsuite.shared.testing.TableDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets a 4xx problem+json and changes nothing in the database. Where a request could do harm
 * if its shape check were skipped, it carries otherwise-valid data (a real refresh token, real credentials,
 * a fresh email), so a bypass would show up as a write.
 */
class BadInputIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TABLES = List.of("users", "sessions", "refresh_tokens", "audit_events", "login_attempts");
    private static final String TAKEN_EMAIL = "taken@example.com";
    private static final String TAKEN_PASSWORD = "Correct-Horse-" + TAKEN_EMAIL.hashCode();

    @RegisterExtension
    static final AuthUnderTest server = new AuthUnderTest();
    private static String adminToken;
    private static String userToken;
    private static String userRefreshToken;
    private static String userId;

    @BeforeAll
    static void start() {
        adminToken = server.adminToken();
        JsonNode pair = server.newUser(TAKEN_EMAIL);
        userToken = pair.get("accessToken").asText();
        userRefreshToken = pair.get("refreshToken").asText();
        userId = pair.get("user").get("id").asText();
    }

    // ---------------------------------------------------------------- body shape on register / login / refresh

    private static ObjectNode validBody(String endpoint) {
        ObjectNode body = MAPPER.createObjectNode();
        switch (endpoint) {
            case "register" -> body.put("email", "fresh@example.com").put("password", "Fresh-Passw0rd-42")
                    .put("fullName", "Fresh User");
            case "login" -> body.put("email", TAKEN_EMAIL).put("password", TAKEN_PASSWORD);
            case "refresh" -> body.put("refreshToken", userRefreshToken);
            default -> throw new IllegalArgumentException(endpoint);
        }
        return body;
    }

    static Stream<Arguments> shapeCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of("register", "login", "refresh")) {
            for (String shape : List.of("malformed JSON", "array instead of object", "JSON string", "JSON null",
                    "trailing tokens", "empty body", "missing fields", "unknown field", "mistyped field (number)",
                    "mistyped field (boolean)", "text/plain", "no content type")) {
                cases.add(Arguments.of(endpoint, shape));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("shapeCases")
    void badlyShapedBodiesAreRejectedBeforeAnything(String endpoint, String shape) {
        ObjectNode valid = validBody(endpoint);
        String validJson = valid.toString();
        String firstField = valid.fieldNames().next();
        byte[] body;
        String contentType = "application/json";
        int status = 400;
        String field = null;
        switch (shape) {
            case "malformed JSON" -> body = validJson.substring(0, validJson.length() - 5).getBytes(StandardCharsets.UTF_8);
            case "array instead of object" -> body = ("[" + validJson + "]").getBytes(StandardCharsets.UTF_8);
            case "JSON string" -> body = MAPPER.createArrayNode().add(validJson).get(0).toString().getBytes(StandardCharsets.UTF_8);
            case "JSON null" -> body = "null".getBytes(StandardCharsets.UTF_8);
            case "trailing tokens" -> body = (validJson + " " + validJson).getBytes(StandardCharsets.UTF_8);
            case "empty body" -> body = new byte[0];
            case "missing fields" -> {
                ObjectNode partial = valid.deepCopy();
                String last = lastField(partial);
                partial.remove(last);
                body = partial.toString().getBytes(StandardCharsets.UTF_8);
                field = last;
            }
            case "unknown field" -> {
                body = valid.deepCopy().put("roles", "admin").toString().getBytes(StandardCharsets.UTF_8);
                field = "roles";
            }
            case "mistyped field (number)" -> {
                body = valid.deepCopy().put(firstField, 42).toString().getBytes(StandardCharsets.UTF_8);
                field = firstField;
            }
            case "mistyped field (boolean)" -> {
                String target = valid.has("password") ? "password" : lastField(valid);
                body = valid.deepCopy().put(target, true).toString().getBytes(StandardCharsets.UTF_8);
                field = target;
            }
            case "text/plain" -> {
                body = validJson.getBytes(StandardCharsets.UTF_8);
                contentType = "text/plain";
                status = 415;
            }
            case "no content type" -> {
                body = validJson.getBytes(StandardCharsets.UTF_8);
                contentType = null;
                status = 415;
            }
            default -> throw new IllegalArgumentException(shape);
        }
        rejected(server.client().post("/api/auth/" + endpoint).body(body, contentType).invalidRequest(), status, field);
    }

    @Test
    void registerWithoutAnyFieldNamesEveryMissingOne() {
        ApiResponse response = rejected(server.client().post("/api/auth/register").json("{}").invalidRequest(), 400, null);
        assertThat(response.errorFields()).contains("email", "password", "fullName");
    }

    @Test
    void bodiesOverTheLimitAre413() {
        // over the limit but small enough for the socket buffers: the response must be a clean 413
        String fullName = "x".repeat(100 * 1024);
        String json = validBody("register").put("fullName", fullName).toString();
        rejected(server.client().post("/api/auth/register").json(json).invalidRequest(), 413, null);

        // 10 MB: the server may answer 413 and close the connection while the client is still uploading
        Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
        byte[] huge = validBody("register").put("fullName", "y".repeat(10 * 1024 * 1024)).toString()
                .getBytes(StandardCharsets.UTF_8);
        try {
            ApiResponse response = server.client().post("/api/auth/register").body(huge, "application/json")
                    .invalidRequest().send();
            assertCleanProblem(response, 413);
        } catch (UncheckedIOException connectionClosed) {
            assertThat(connectionClosed.getCause()).isInstanceOf(IOException.class);
        }
        assertThat(TableDigest.of(server.jdbi(), TABLES)).isEqualTo(before);
        assertThat(server.client().get("/health/live").send().status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- registration rules

    @Test
    void passwordOverSeventyTwoBytesIsRejectedOnRegisterAndIsANormal401OnLogin() {
        // 36 two-byte characters = 72 bytes: the limit counts UTF-8 bytes, not characters
        String seventyTwo = "\u00c4".repeat(36);
        String seventyThree = seventyTwo + "x";
        assertThat(seventyThree.getBytes(StandardCharsets.UTF_8)).hasSize(73);

        ApiResponse tooLong = rejected(register("long@example.com", seventyThree, "Long Password"), 400, "password");
        assertThat(tooLong.json().get("errors")).hasSize(1);

        // boundary: exactly 72 bytes is fine
        ApiResponse ok = register("limit@example.com", seventyTwo, "At The Limit").send();
        assertThat(ok.status()).isEqualTo(201);

        // the first 72 bytes are the real password: bcrypt would truncate and accept it; we must not
        ApiResponse login = server.login("limit@example.com", seventyThree);
        assertCleanProblem(login, 401);
        assertThat(server.login("nobody@example.com", seventyThree + "y".repeat(100)).status()).isEqualTo(401);
        assertThat(server.login("limit@example.com", seventyTwo).status()).isEqualTo(200);
    }

    @Test
    void invalidEmailIsRejected() {
        rejected(register("not-an-email", "Fresh-Passw0rd-42", "No Email"), 400, "email");
        rejected(register("two@@example.com", "Fresh-Passw0rd-42", "No Email"), 400, "email");
        rejected(register("spaces in@example.com", "Fresh-Passw0rd-42", "No Email"), 400, "email");
    }

    @Test
    void weakPasswordsAreRejected() {
        rejected(register("common@example.com", "password", "Common Password"), 400, "password");
        rejected(register("short@example.com", "Sh0rt!x", "Short Password"), 400, "password");
        rejected(register("same@example.com", "same@example.com", "Same As Email"), 400, "password");
        rejected(register("  Same@Example.com ", "SAME@example.COM", "Same As Email"), 400, "password");
    }

    @Test
    void fullNameMustBeOneTo200Characters() {
        rejected(register("noname@example.com", "Fresh-Passw0rd-42", "").invalidRequest(), 400, "fullName");
        rejected(register("blank@example.com", "Fresh-Passw0rd-42", "   ").invalidRequest(), 400, "fullName");
        rejected(register("longname@example.com", "Fresh-Passw0rd-42", "n".repeat(201)).invalidRequest(), 400, "fullName");
    }

    @Test
    void existingEmailInAnotherCaseIsAConflict() {
        rejected(register("  TAKEN@Example.COM ", "Another-Passw0rd-1", "Someone Else"), 409, null);
    }

    // ---------------------------------------------------------------- ids and query parameters

    @Test
    void nonUuidIdsAre400() {
        ApiClient client = server.client();
        rejected(client.delete("/api/auth/sessions/not-a-uuid").bearer(userToken).invalidRequest(), 400, "id");
        rejected(client.get("/api/auth/admin/users/123").bearer(adminToken).invalidRequest(), 400, "id");
        rejected(client.get("/api/auth/admin/users/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz").bearer(adminToken)
                .invalidRequest(), 400, "id");
        rejected(client.patch("/api/auth/admin/users/123").bearer(adminToken).json("{\"disabled\":true}")
                .invalidRequest(), 400, "id");
        rejected(client.delete("/api/auth/admin/users/123").bearer(adminToken).invalidRequest(), 400, "id");
        rejected(client.post("/api/auth/admin/users/123/unlock").bearer(adminToken).invalidRequest(), 400, "id");
    }

    @Test
    void badAdminListParametersAre400() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("limit=0", "limit");
        bad.put("limit=500", "limit");
        bad.put("limit=ten", "limit");
        bad.put("offset=-1", "offset");
        bad.put("role=wizard", "role");
        bad.forEach((query, field) -> {
            String[] kv = query.split("=", 2);
            rejected(server.client().get("/api/auth/admin/users").bearer(adminToken).query(kv[0], kv[1])
                    .invalidRequest(), 400, field);
        });
    }

    @Test
    void badAuditParametersAre400() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("from=yesterday", "from");
        bad.put("to=2026-13-01", "to");
        bad.put("userId=x", "userId");
        bad.put("limit=0", "limit");
        bad.put("offset=-1", "offset");
        bad.put("action=login.exploded", "action");
        bad.put("action=LOGIN.FAILED", "action");
        bad.put("action=login", "action");
        bad.put("action=%", "action");
        bad.forEach((query, field) -> {
            String[] kv = query.split("=", 2);
            ApiResponse response = rejected(server.client().get("/api/auth/admin/audit").bearer(adminToken)
                    .query(kv[0], kv[1]).invalidRequest(), 400, field);
            assertThat(response.json().get("errors")).as(response.toString()).hasSize(1);
        });
        ApiResponse unknown = rejected(server.client().get("/api/auth/admin/audit").bearer(adminToken)
                .query("action", "login.exploded").invalidRequest(), 400, "action");
        assertThat(unknown.json().get("errors").get(0).get("message").asText()).contains("login.failed");

        // control: every action the log records is a valid filter (and the contract lists it)
        for (AuditAction action : AuditAction.values()) {
            ApiResponse ok = server.client().get("/api/auth/admin/audit").bearer(adminToken)
                    .query("action", action.code()).send();
            assertThat(ok.status()).as(action.code()).isEqualTo(200);
            ok.json().get("items").forEach(event -> assertThat(event.get("action").asText()).isEqualTo(action.code()));
        }
        assertThat(server.client().get("/api/auth/admin/audit").bearer(adminToken).query("action", "register").send()
                .json().get("total").asLong()).isPositive();
    }

    // ---------------------------------------------------------------- PATCH /api/auth/me

    @Test
    void badProfileUpdatesAre400() {
        ApiClient client = server.client();
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{\"preferences\":[1,2,3]}").invalidRequest(),
                400, "preferences");
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{\"preferences\":\"dark\"}").invalidRequest(),
                400, "preferences");
        ObjectNode big = MAPPER.createObjectNode();
        big.putObject("preferences").put("blob", "p".repeat(17 * 1024));
        rejected(client.patch("/api/auth/me").bearer(userToken).json(big.toString()), 400, "preferences");
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{}").invalidRequest(), 400, null);
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{\"fullName\":\"\"}").invalidRequest(),
                400, "fullName");
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{\"email\":\"new@example.com\"}")
                .invalidRequest(), 400, "email");
        rejected(client.patch("/api/auth/me").bearer(userToken).json("{\"roles\":[\"admin\"]}").invalidRequest(),
                400, "roles");

        // control: a valid update goes through (and is the only thing that changes the row)
        ApiResponse ok = client.patch("/api/auth/me").bearer(userToken).json("{\"preferences\":{\"theme\":\"dark\"}}").send();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("id").asText()).isEqualTo(userId);
        assertThat(ok.json().get("preferences").get("theme").asText()).isEqualTo("dark");
    }

    // ---------------------------------------------------------------- routing

    @Test
    void unknownRoutesAre404Problems() {
        rejected(server.client().get("/api/auth/nope").outsideContract(), 404, null);
        rejected(server.client().post("/api/auth/nope").json("{}").outsideContract(), 404, null);
        rejected(server.client().get("/nope").outsideContract(), 404, null);
    }

    @Test
    void wrongMethodsAre405Problems() {
        rejected(server.client().put("/api/auth/login").json(validBody("login").toString()).outsideContract(), 405, null);
        rejected(server.client().get("/api/auth/login").outsideContract(), 405, null);
        rejected(server.client().delete("/api/auth/register").outsideContract(), 405, null);
        rejected(server.client().put("/api/auth/me").bearer(userToken).json("{\"fullName\":\"X\"}").outsideContract(),
                405, null);
    }

    // ---------------------------------------------------------------- helpers

    private static ApiClient.Call register(String email, String password, String fullName) {
        ObjectNode body = MAPPER.createObjectNode().put("email", email).put("password", password).put("fullName", fullName);
        return server.client().post("/api/auth/register").json(body.toString());
    }

    /** Sends the call and checks it is rejected with a clean problem and that the database did not change. */
    private static ApiResponse rejected(ApiClient.Call call, int status, String field) {
        Map<String, String> before = TableDigest.of(server.jdbi(), TABLES);
        ApiResponse response = call.send();
        assertCleanProblem(response, status);
        if (field != null) {
            assertThat(response.errorFields()).as(response.toString()).contains(field);
        }
        assertThat(TableDigest.of(server.jdbi(), TABLES)).as("database after " + response).isEqualTo(before);
        return response;
    }

    private static String lastField(ObjectNode node) {
        String last = null;
        for (var it = node.fieldNames(); it.hasNext(); ) {
            last = it.next();
        }
        return last;
    }
}
