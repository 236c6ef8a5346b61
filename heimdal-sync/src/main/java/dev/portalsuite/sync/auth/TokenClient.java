package dev.portalsuite.sync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.sync.net.Http;
import dev.portalsuite.sync.net.RetryPolicy;
import dev.portalsuite.sync.net.SyncFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens from auth-service by the client-credentials grant (RFC 6749 section 4.4). The token is cached
 * and fetched again shortly before it expires (by the job's clock), or when portal-service says it is no
 * longer valid, so a long run never sends an expired token.
 */
public final class TokenClient {
    private static final Logger LOG = LoggerFactory.getLogger(TokenClient.class);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final RetryPolicy retry;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private String token;
    private Instant renewAt = Instant.MIN;
    private int fetched;

    public TokenClient(OkHttpClient http, ObjectMapper mapper, Clock clock, RetryPolicy retry, URI authUrl,
                       String clientId, String clientSecret) {
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.retry = retry;
        this.tokenUrl = authUrl + "/api/auth/token";
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** A valid access token, fetched when there is none or the cached one is about to expire. */
    public synchronized String token() {
        if (token == null || !clock.instant().isBefore(renewAt)) {
            fetch();
        }
        return token;
    }

    /** portal-service refused the token (401): drop it, so the next call fetches a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    public String clientId() {
        return clientId;
    }

    /** How many tokens this client fetched (a refused token is fetched again once). */
    public synchronized int fetched() {
        return fetched;
    }

    private void fetch() {
        Request request = new Request.Builder().url(tokenUrl)
                .post(new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("client_id", clientId)
                        .add("client_secret", clientSecret)
                        .build())
                .header("Accept", "application/json")
                .build();
        retry.call(http, new RetryPolicy.Exchange<Void>() {
            @Override
            public Request request() {
                return request;
            }

            @Override
            public RetryPolicy.Answer<Void> answer(Response response, int attempt) throws IOException {
                int code = response.code();
                if (code == 200) {
                    accept(mapper.readTree(response.body().byteStream()));
                    return RetryPolicy.Answer.done(null);
                }
                if (code == 401 || code == 400) {
                    String error = oauthError(response);
                    throw new SyncFailure("auth-service refused the client credentials of service client '" + clientId
                            + "' (HTTP " + code + (error.isEmpty() ? "" : ", " + error) + "): check SYNC_CLIENT_ID and "
                            + "SYNC_CLIENT_SECRET, and that the client exists and is not disabled");
                }
                SyncFailure failed = new SyncFailure("auth-service token endpoint " + tokenUrl + " answered HTTP " + code
                        + " after " + attempt + " attempt(s)");
                if (code == 429 || code >= 500) {
                    return RetryPolicy.Answer.retry(response, failed);
                }
                throw failed;
            }

            @Override
            public SyncFailure unreachable(IOException e, int attempts) {
                return new SyncFailure("cannot reach auth-service at " + tokenUrl + " (" + Http.describe(e) + ") after "
                        + attempts + " attempt(s); check AUTH_URL" + (e instanceof ConnectException ? " and that auth-service runs" : ""), e);
            }

            @Override
            public void retrying(int status, IOException error, int attempt, Duration wait) {
                if (error == null) {
                    LOG.atWarn().addKeyValue("authStatus", status).addKeyValue("attempt", attempt)
                            .addKeyValue("retryInMs", wait.toMillis()).log("auth-service token request failed; retrying");
                } else {
                    LOG.atWarn().addKeyValue("attempt", attempt).addKeyValue("retryInMs", wait.toMillis())
                            .log("auth-service token request failed ({}); retrying", Http.describe(error));
                }
            }
        });
    }

    private void accept(JsonNode body) {
        JsonNode accessToken = body.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.textValue().isEmpty()) {
            throw new SyncFailure("auth-service at " + tokenUrl + " answered 200 without an access_token");
        }
        long expiresIn = body.path("expires_in").asLong(300);
        Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
        Duration margin = lifetime.dividedBy(4).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(4) : MAX_MARGIN;
        token = accessToken.textValue();
        renewAt = clock.instant().plus(lifetime).minus(margin);
        fetched++;
        LOG.atInfo().addKeyValue("clientId", clientId).addKeyValue("expiresIn", expiresIn)
                .addKeyValue("scope", body.path("scope").asText(""))
                .log("access token obtained from auth-service");
    }

    private String oauthError(Response response) {
        try {
            JsonNode body = mapper.readTree(response.peekBody(8192).string());
            String error = body.path("error").asText("");
            String description = body.path("error_description").asText("");
            return (error + (description.isEmpty() ? "" : ": " + description)).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
