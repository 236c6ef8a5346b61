package dev.portalsuite.shared.config;

/** A configuration value is missing or malformed; the process must not start. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
