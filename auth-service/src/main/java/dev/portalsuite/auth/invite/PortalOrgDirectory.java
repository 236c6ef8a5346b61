package dev.portalsuite.auth.invite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.shared.security.OrgType;
import dev.portalsuite.shared.web.ApiException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OrgDirectory} over portal-service's REST API: {@code GET {PORTAL_URL}/api/portal/orgs/{id}} with the
 * caller's bearer token. 200 means "exists and in the caller's scope", 404 "not (for this caller)". Anything
 * else — unreachable, timeout, 5xx, a token portal-service refuses, a body we cannot read — is a 503: we
 * cannot tell, so nothing is decided.
 */
public final class PortalOrgDirectory implements OrgDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PortalOrgDirectory.class);
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final HttpUrl baseUrl;

    /** @param http the process's client; its timeouts bound every lookup */
    public PortalOrgDirectory(OkHttpClient http, ObjectMapper mapper, URI portalUrl) {
        this.http = http;
        this.mapper = mapper;
        HttpUrl parsed = HttpUrl.parse(portalUrl.toString());
        if (parsed == null) {
            throw new IllegalArgumentException("bad portal URL " + portalUrl);
        }
        this.baseUrl = parsed;
    }

    @Override
    public Optional<Org> find(UUID orgId, String bearerToken) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("api/portal/orgs").addPathSegment(orgId.toString()).build();
        Request request = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + bearerToken)
                .header("Accept", "application/json")
                .build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() == 404) {
                return Optional.empty();
            }
            if (response.code() != 200) {
                LOG.warn("portal-service answered {} to an organisation lookup", response.code());
                throw unavailable();
            }
            ResponseBody body = response.body();
            if (body.contentLength() > MAX_BODY_BYTES) {
                throw unavailable();
            }
            return Optional.of(parse(mapper.readTree(body.byteStream()), orgId));
        } catch (IOException e) {
            LOG.warn("portal-service unreachable for an organisation lookup: {}", e.toString());
            throw unavailable();
        }
    }

    private static Org parse(JsonNode json, UUID requested) {
        try {
            UUID id = UUID.fromString(json.path("id").asText());
            String type = json.path("type").asText();
            JsonNode parent = json.path("parentId");
            UUID parentId = parent.isTextual() ? UUID.fromString(parent.asText()) : null;
            if (!id.equals(requested) || !OrgType.NAMES.contains(type) || (!parent.isTextual() && !parent.isNull())) {
                throw new IllegalArgumentException("unexpected organisation document");
            }
            JsonNode name = json.path("name");
            return new Org(id, type, parentId, json.path("status").asText("ACTIVE"), name.isTextual() ? name.asText() : null);
        } catch (IllegalArgumentException e) {
            LOG.warn("portal-service sent an organisation we cannot read: {}", e.getMessage());
            throw unavailable();
        }
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("The organisation directory (portal-service) is unavailable; try again shortly.",
                Duration.ofSeconds(5));
    }
}
