package dev.portalsuite.sync.portal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One organisation as portal-service's ingest API takes it ({@code SyncRecord} in its openapi.yaml). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRecord(
        String externalId,
        String type,
        String name,
        String parentExternalId,
        String licenseType,
        Boolean splaLicense,
        Integer purchasedLicenses,
        Integer activeLicenses,
        Integer devices) {
}
