package dev.portalsuite.auth.client;

import java.time.Instant;
import java.util.List;

/** A service client as listed; never carries the secret. */
public record ServiceClientResponse(String clientId, List<String> scopes, boolean disabled, Instant createdAt, Instant updatedAt) {
    static ServiceClientResponse of(ServiceClientDao.Row row) {
        return new ServiceClientResponse(row.clientId(), List.of(row.scopes()), row.disabled(), row.createdAt(), row.updatedAt());
    }
}
