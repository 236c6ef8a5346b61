package dev.portalsuite.sync.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portalsuite.sync.auth.TokenClient;
import dev.portalsuite.sync.net.Http;
import dev.portalsuite.sync.net.RetryPolicy;
import dev.portalsuite.sync.net.SyncFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * portal-service's sync-run ingest API ({@code /api/portal/sync-runs}). Sending records is idempotent on the
 * portal's side, so a batch is retried on 5xx, 429 and transport errors; start and finish are retried only
 * when the request cannot have been processed (503, 429, connection refused).
 */
public final class PortalClient {
    private static final Logger LOG = LoggerFactory.getLogger(PortalClient.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final RetryPolicy retry;
    private final TokenClient tokens;
    private final String base;

    public PortalClient(OkHttpClient http, ObjectMapper mapper, RetryPolicy retry, TokenClient tokens, URI portalUrl) {
        this.http = http;
        this.mapper = mapper;
        this.retry = retry;
        this.tokens = tokens;
        this.base = portalUrl + "/api/portal/sync-runs";
    }

    /** Starts a run; {@link RunInProgressException} when another run of the source is RUNNING. */
    public String start(String source, UUID msspOrgId) {
        ObjectNode body = mapper.createObjectNode().put("source", source).put("msspOrgId", msspOrgId.toString());
        JsonNode run = post("start a sync run", base, body, false);
        return run.path("id").asText();
    }

    public BatchResult send(String runId, List<SyncRecord> records) {
        ObjectNode body = mapper.createObjectNode();
        body.set("records", mapper.valueToTree(records));
        JsonNode result = post("send " + records.size() + " records", base + "/" + runId + "/records", body, true);
        List<BatchResult.Rejection> rejected = new ArrayList<>();
        for (JsonNode r : result.path("rejected")) {
            rejected.add(new BatchResult.Rejection(r.path("externalId").isTextual() ? r.get("externalId").textValue() : null,
                    r.path("reason").asText()));
        }
        return new BatchResult(result.path("inserted").asInt(), result.path("updated").asInt(),
                result.path("unchanged").asInt(), result.path("pending").asInt(), result.path("resolvedPending").asInt(),
                rejected);
    }

    public RunSummary finish(String runId, boolean succeeded, boolean deactivateMissing, String error) {
        ObjectNode body = mapper.createObjectNode().put("status", succeeded ? "SUCCEEDED" : "FAILED")
                .put("deactivateMissing", deactivateMissing);
        if (error != null) {
            body.put("error", error.length() > 2000 ? error.substring(0, 2000) : error);
        }
        JsonNode run = post("finish the sync run", base + "/" + runId + "/finish", body, false);
        return new RunSummary(run.path("id").asText(), run.path("status").asText(), run.path("received").asInt(),
                run.path("inserted").asInt(), run.path("updated").asInt(), run.path("unchanged").asInt(),
                run.path("rejected").asInt(), run.path("deactivated").asInt(), run.path("reactivated").asInt());
    }

    private JsonNode post(String what, String url, JsonNode body, boolean idempotent) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new SyncFailure("cannot encode the request to " + what, e);
        }
        return retry.call(http, new RetryPolicy.Exchange<JsonNode>() {
            private boolean refreshedToken;

            @Override
            public Request request() {
                return new Request.Builder().url(url)
                        .header("Authorization", "Bearer " + tokens.token())
                        .header("Accept", "application/json")
                        .post(RequestBody.create(bytes, JSON))
                        .build();
            }

            @Override
            public RetryPolicy.Answer<JsonNode> answer(Response response, int attempt) throws IOException {
                int code = response.code();
                if (code >= 200 && code < 300) {
                    return RetryPolicy.Answer.done(mapper.readTree(response.body().byteStream()));
                }
                String detail = problemDetail(response);
                if (code == 401 && !refreshedToken) {
                    // expired or rotated key: one fresh token, then give up
                    tokens.invalidate();
                    refreshedToken = true;
                    return RetryPolicy.Answer.again();
                }
                if (code == 409 && url.equals(base)) {
                    throw new RunInProgressException("another run is in progress: portal-service refused to start a "
                            + "sync run (" + detail + ")");
                }
                if (code == 401 || code == 403) {
                    throw new SyncFailure("portal-service refused to " + what + " (HTTP " + code + ": " + detail
                            + "): the service client '" + tokens.clientId() + "' needs scope portal:ingest; "
                            + "check its scopes in auth-service (GET /api/auth/admin/service-clients)");
                }
                SyncFailure failed = new SyncFailure("portal-service could not " + what + " (HTTP " + code + ": " + detail + ")");
                if (code == 429 || code == 503 || (idempotent && code >= 500)) {
                    return RetryPolicy.Answer.retry(response, failed);
                }
                throw failed;
            }

            @Override
            public boolean mayRetry(IOException error) {
                return idempotent || error instanceof ConnectException;
            }

            @Override
            public SyncFailure unreachable(IOException e, int attempts) {
                return new SyncFailure("cannot " + what + " at portal-service " + url + " (" + Http.describe(e)
                        + "); check PORTAL_URL", e);
            }

            @Override
            public void retrying(int status, IOException error, int attempt, Duration wait) {
                if (error == null) {
                    LOG.atWarn().addKeyValue("portalStatus", status).addKeyValue("attempt", attempt)
                            .addKeyValue("retryInMs", wait.toMillis()).log("portal-service could not {}; retrying", what);
                } else {
                    LOG.atWarn().addKeyValue("attempt", attempt).addKeyValue("retryInMs", wait.toMillis())
                            .log("portal-service could not {} ({}); retrying", what, Http.describe(error));
                }
            }
        });
    }

    private String problemDetail(Response response) {
        try {
            JsonNode problem = mapper.readTree(response.peekBody(16_384).string());
            String detail = problem.path("detail").asText("");
            if (detail.isEmpty()) {
                detail = problem.path("title").asText("");
            }
            JsonNode errors = problem.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                List<String> parts = new ArrayList<>();
                errors.forEach(e -> parts.add(e.path("field").asText() + " " + e.path("message").asText()));
                detail = detail + " " + String.join("; ", parts);
            }
            return detail.isBlank() ? "no detail" : detail.trim();
        } catch (IOException | RuntimeException e) {
            return Http.peek(response, 200);
        }
    }
}
