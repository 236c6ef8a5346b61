package dev.portalsuite.portal.sync;

import java.util.UUID;

/** {@code POST /api/portal/sync-runs}. */
public record StartRunRequest(String source, UUID msspOrgId) {
}
