package dev.portalsuite.portal.org;

import java.util.UUID;

/** {@code POST /api/portal/orgs}; {@code externalSource}/{@code externalId} are for administrators only. */
public record CreateOrgRequest(
        String type,
        String name,
        UUID parentId,
        String licenseType,
        Boolean splaLicense,
        Integer purchasedLicenses,
        Integer activeLicenses,
        Integer devices,
        String externalSource,
        String externalId) {
}
