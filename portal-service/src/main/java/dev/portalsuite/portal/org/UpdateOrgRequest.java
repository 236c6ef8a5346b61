package dev.portalsuite.portal.org;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/** {@code PATCH /api/portal/orgs/{id}}: absent fields stay; {@code licenseType} may be JSON null to clear it. */
public record UpdateOrgRequest(
        String name,
        String status,
        JsonNode licenseType,
        Boolean splaLicense,
        Integer purchasedLicenses,
        Integer activeLicenses,
        Integer devices,
        UUID parentId) {
}
