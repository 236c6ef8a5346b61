package dev.portalsuite.portal.org;

import java.time.Instant;
import java.util.UUID;

/** {@code Org}: one organisation as the API shows it. */
public record OrgResponse(
        UUID id,
        String type,
        String name,
        UUID parentId,
        String status,
        String licenseType,
        boolean splaLicense,
        int purchasedLicenses,
        int activeLicenses,
        int devices,
        String externalSource,
        String externalId,
        Instant lastSyncedAt,
        Instant createdAt,
        Instant updatedAt) {

    static OrgResponse of(OrgDao.Row row) {
        return new OrgResponse(row.id(), row.type(), row.name(), row.parentId(), row.status(), row.licenseType(),
                row.splaLicense(), row.purchasedLicenses(), row.activeLicenses(), row.devices(), row.externalSource(),
                row.externalId(), row.lastSyncedAt(), row.createdAt(), row.updatedAt());
    }
}
