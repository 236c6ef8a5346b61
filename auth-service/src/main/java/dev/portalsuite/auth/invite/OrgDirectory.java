package dev.portalsuite.auth.invite;

import java.util.Optional;
import java.util.UUID;

/**
 * Where organisations live (portal-service). Asked with the caller's own access token, so the answer is
 * limited to what the caller may see.
 */
public interface OrgDirectory {

    /**
     * The organisation when it exists and lies in the scope of the token's owner; empty when it does not
     * (portal-service answers 404 for both).
     *
     * @throws dev.portalsuite.shared.web.ApiException 503 with Retry-After when the directory cannot answer
     */
    Optional<Org> find(UUID orgId, String bearerToken);

    /** What auth-service needs of an organisation ({@code name} for invite mails; null when not given). */
    record Org(UUID id, String type, UUID parentId, String status, String name) {
    }
}
