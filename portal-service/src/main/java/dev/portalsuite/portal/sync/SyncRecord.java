package dev.portalsuite.portal.sync;

/**
 * A record that passed the shape checks. {@code index} is its position in the batch that carried it
 * (null for a record held back from an earlier batch).
 */
record SyncRecord(Integer index, String externalId, String type, String name, String parentExternalId,
                  String licenseType, boolean splaLicense, int purchasedLicenses, int activeLicenses, int devices) {
}
