package dev.portalsuite.freshness.policy;

/** Where a batch stands, with the words the public page and the API use for it. */
public enum FreshnessStatus {
    FRESH("Fresh", "Product is fresh and ready to consume"),
    CAUTION("Use soon", "Product should be consumed soon"),
    EXPIRED("Expired", "Product is past expiration");

    private final String label;
    private final String message;

    FreshnessStatus(String label, String message) {
        this.label = label;
        this.message = message;
    }

    /** A short word for the status, e.g. for the public page's heading. */
    public String label() {
        return label;
    }

    public String message() {
        return message;
    }
}
