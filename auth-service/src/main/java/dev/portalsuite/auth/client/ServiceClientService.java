package dev.portalsuite.auth.client;

import dev.portalsuite.auth.audit.AuditAction;
import dev.portalsuite.auth.audit.AuditEntry;
import dev.portalsuite.auth.ratelimit.RateLimiter;
import dev.portalsuite.shared.audit.AuditLog;
import dev.portalsuite.shared.db.DatabaseErrors;
import dev.portalsuite.shared.security.AccessTokenClaims;
import dev.portalsuite.shared.security.Caller;
import dev.portalsuite.shared.security.IssuedToken;
import dev.portalsuite.shared.security.OpaqueTokens;
import dev.portalsuite.shared.security.Role;
import dev.portalsuite.shared.security.TokenIssuer;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Page;
import dev.portalsuite.shared.web.Pagination;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Machine clients and the client-credentials grant. A client gets an access token with role
 * {@code service} and the scopes it was granted (or the subset it asks for).
 */
public final class ServiceClientService {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceClientService.class);
    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?");
    private static final int MAX_SCOPES = 20;

    private final Jdbi jdbi;
    private final Clock clock;
    private final TokenIssuer issuer;
    private final RateLimiter rateLimiter;
    private final AuditLog<AuditEntry> audit;
    private final Duration tokenTtl;

    public ServiceClientService(Jdbi jdbi, Clock clock, TokenIssuer issuer, RateLimiter rateLimiter,
                                AuditLog<AuditEntry> audit, Duration tokenTtl) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.issuer = issuer;
        this.rateLimiter = rateLimiter;
        this.audit = audit;
        this.tokenTtl = tokenTtl;
    }

    public CreatedServiceClient create(UUID actorId, CreateServiceClientRequest request, Caller caller) {
        List<FieldError> errors = new ArrayList<>();
        if (request.clientId() == null || !CLIENT_ID.matcher(request.clientId()).matches()) {
            errors.add(new FieldError("clientId", "must be 3 to 64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"));
        }
        if (request.scopes() == null) {
            errors.add(new FieldError("scopes", "is required (an empty list grants no scope)"));
        }
        List<String> scopes = scopes(request.scopes() == null ? List.of() : request.scopes(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        String secret = OpaqueTokens.generate();
        try {
            jdbi.useTransaction(handle -> {
                handle.attach(ServiceClientDao.class).insert(request.clientId(), OpaqueTokens.sha256(secret), scopes.toArray(String[]::new),
                        clock.instant(), actorId);
                audit.record(handle, AuditAction.CLIENT_CREATED, new AuditEntry(null, actorId, null), caller,
                        Map.of("clientId", request.clientId(), "scopes", scopes));
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isUniqueViolation(e, "service_clients_pkey")) {
                throw ApiException.conflict("A service client with this id already exists.");
            }
            throw e;
        }
        return new CreatedServiceClient(request.clientId(), secret, scopes);
    }

    public Page<ServiceClientResponse> list(Pagination page) {
        return jdbi.withExtension(ServiceClientDao.class, dao -> Page.of(
                dao.list(page.limit(), page.offset()).stream().map(ServiceClientResponse::of).toList(), dao.count(), page));
    }

    public ServiceClientResponse update(UUID actorId, String clientId, UpdateServiceClientRequest request,
                                        Caller caller) {
        ServiceClientDao.Row row = existing(clientId);
        List<FieldError> errors = new ArrayList<>();
        List<String> scopes = request.scopes() == null ? List.of(row.scopes()) : scopes(request.scopes(), errors);
        if (request.scopes() == null && request.disabled() == null) {
            errors.add(new FieldError("scopes", "give scopes or disabled to change"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        boolean disabled = request.disabled() == null ? row.disabled() : request.disabled();
        jdbi.useTransaction(handle -> {
            handle.attach(ServiceClientDao.class).update(clientId, scopes.toArray(String[]::new), disabled, clock.instant());
            audit.record(handle, AuditAction.CLIENT_UPDATED, new AuditEntry(null, actorId, null), caller,
                    Map.of("clientId", clientId, "scopes", scopes, "disabled", disabled));
        });
        return ServiceClientResponse.of(existing(clientId));
    }

    /**
     * Makes sure a client exists with this secret and these scopes (the local suite provisions heimdal-sync's
     * client from its configuration this way, at every start). An existing client keeps its disabled flag, so an
     * administrator's disable survives restarts; a change is audited as {@code client.updated} by configuration.
     */
    public void ensure(String clientId, String secret, List<String> requestedScopes) {
        List<FieldError> errors = new ArrayList<>();
        List<String> scopes = scopes(requestedScopes, errors);
        if (!CLIENT_ID.matcher(clientId).matches() || !errors.isEmpty() || secret.length() < 16) {
            throw new IllegalArgumentException("invalid service client settings for " + clientId);
        }
        byte[] secretHash = OpaqueTokens.sha256(secret);
        jdbi.useTransaction(handle -> {
            ServiceClientDao dao = handle.attach(ServiceClientDao.class);
            // insert first, so two instances starting at once do not collide on the client id
            if (dao.insertIfAbsent(clientId, secretHash, scopes.toArray(String[]::new), clock.instant()) == 1) {
                audit.record(handle, AuditAction.CLIENT_CREATED, new AuditEntry(null, null, null), Caller.system(),
                        Map.of("clientId", clientId, "scopes", scopes, "fromConfiguration", true));
                return;
            }
            ServiceClientDao.Row row = dao.lock(clientId).orElseThrow();
            boolean secretRotated = !MessageDigest.isEqual(row.secretHash(), secretHash);
            boolean scopesChanged = !Set.copyOf(Arrays.asList(row.scopes())).equals(Set.copyOf(scopes));
            if (secretRotated) {
                dao.replaceSecret(clientId, secretHash, clock.instant());
            }
            if (scopesChanged) {
                dao.update(clientId, scopes.toArray(String[]::new), row.disabled(), clock.instant());
            }
            if (secretRotated || scopesChanged) {
                audit.record(handle, AuditAction.CLIENT_UPDATED, new AuditEntry(null, null, null), Caller.system(),
                        Map.of("clientId", clientId, "scopes", scopes, "disabled", row.disabled(),
                                "secretRotated", secretRotated, "by", "configuration"));
            }
            if (row.disabled()) {
                LOG.warn("service client {} is configured but disabled by an administrator; it stays disabled", clientId);
            }
        });
    }

    /** The client-credentials grant (RFC 6749 section 4.4). */
    public ClientTokenResponse issueToken(String grantType, ClientCredentials credentials, String requestedScope,
                                          Caller caller) {
        if (grantType == null || grantType.isBlank()) {
            throw OAuthErrors.invalidRequest("grant_type is required.");
        }
        if (!grantType.equals("client_credentials")) {
            throw OAuthErrors.unsupportedGrantType();
        }
        if (credentials == null || credentials.clientId() == null || credentials.clientSecret() == null) {
            throw OAuthErrors.invalidRequest("Client credentials are required (HTTP Basic, or client_id and client_secret).");
        }
        rateLimiter.check("token", caller.ip());
        Optional<ServiceClientDao.Row> client = credentials.clientId().length() > 64 ? Optional.empty()
                : jdbi.withExtension(ServiceClientDao.class, dao -> dao.find(credentials.clientId()));
        byte[] presented = OpaqueTokens.sha256(credentials.clientSecret());
        // compare even for unknown clients, so timing does not tell which client ids exist
        boolean secretMatches = MessageDigest.isEqual(presented, client.map(ServiceClientDao.Row::secretHash).orElse(new byte[32]));
        if (client.isEmpty() || !secretMatches || client.get().disabled()) {
            audit.record(AuditAction.CLIENT_TOKEN_REFUSED, new AuditEntry(null, null, null), caller,
                    Map.of("clientId", credentials.clientId().length() > 64 ? credentials.clientId().substring(0, 64) : credentials.clientId(),
                            "reason", client.isEmpty() ? "unknown" : !secretMatches ? "bad_secret" : "disabled"));
            throw OAuthErrors.invalidClient();
        }
        List<String> granted = List.of(client.get().scopes());
        List<String> scopes = granted;
        if (requestedScope != null && !requestedScope.isBlank()) {
            scopes = Arrays.stream(requestedScope.trim().split("\\s+")).distinct().toList();
            if (!granted.containsAll(scopes)) {
                throw OAuthErrors.invalidScope("The client may not ask for: "
                        + String.join(" ", scopes.stream().filter(s -> !granted.contains(s)).toList()));
            }
        }
        IssuedToken token = issuer.issue(new AccessTokenClaims(credentials.clientId(), null, null, null,
                List.of(Role.SERVICE.claim()), null, null, scopes, tokenTtl));
        audit.record(AuditAction.CLIENT_TOKEN_ISSUED, new AuditEntry(null, null, null), caller,
                Map.of("clientId", credentials.clientId(), "scopes", scopes));
        return new ClientTokenResponse(token.token(), "Bearer", token.expiresInSeconds(), String.join(" ", scopes));
    }

    private ServiceClientDao.Row existing(String clientId) {
        return jdbi.withExtension(ServiceClientDao.class, dao -> dao.find(clientId))
                .orElseThrow(() -> ApiException.notFound("No service client with this id."));
    }

    private static List<String> scopes(List<String> requested, List<FieldError> errors) {
        Set<String> unique = new LinkedHashSet<>();
        for (String scope : requested) {
            if (scope == null || scope.length() > 64 || !SCOPE.matcher(scope).matches()) {
                errors.add(new FieldError("scopes", "has an invalid scope (expected e.g. portal:ingest): " + scope));
            } else {
                unique.add(scope);
            }
        }
        if (unique.size() > MAX_SCOPES) {
            errors.add(new FieldError("scopes", "must have at most " + MAX_SCOPES + " scopes"));
        }
        return List.copyOf(unique);
    }

}
