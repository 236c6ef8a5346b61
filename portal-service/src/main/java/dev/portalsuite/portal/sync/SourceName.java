package dev.portalsuite.portal.sync;

/**
 * The name of a source of organisations, e.g. {@code heimdal}: a sync run's {@code source} and an organisation's
 * {@code externalSource}. The {@code sync_runs.source} check constraint and the OpenAPI patterns allow the same.
 */
public final class SourceName {
    public static final String PATTERN = "[a-z0-9][a-z0-9_-]{0,49}";

    private SourceName() {
    }

    public static boolean isValid(String source) {
        return source.matches(PATTERN);
    }
}
