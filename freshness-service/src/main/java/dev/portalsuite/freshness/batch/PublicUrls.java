package dev.portalsuite.freshness.batch;

/** {@code PUBLIC_BASE_URL + "/b/" + publicCode}: what the QR code on a package encodes. */
public record PublicUrls(String baseUrl) {
    public static final String PAGE_PREFIX = "/b/";

    public String of(String publicCode) {
        return baseUrl + PAGE_PREFIX + publicCode;
    }
}
