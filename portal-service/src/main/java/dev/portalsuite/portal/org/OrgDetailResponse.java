package dev.portalsuite.portal.org;

import java.time.Instant;
import java.util.UUID;

/** {@code OrgDetail}: an organisation with the number of active MSPs and clients below it. */
public record OrgDetailResponse(
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
        Instant updatedAt,
        ChildCounts childCounts) {

    public record ChildCounts(long msps, long clients) {
    }

    static OrgDetailResponse of(OrgDao.Row row, OrgDao.Counts counts) {
        return new OrgDetailResponse(row.id(), row.type(), row.name(), row.parentId(), row.status(), row.licenseType(),
                row.splaLicense(), row.purchasedLicenses(), row.activeLicenses(), row.devices(), row.externalSource(),
                row.externalId(), row.lastSyncedAt(), row.createdAt(), row.updatedAt(),
                new ChildCounts(counts.msps(), counts.clients()));
    }
}
