package dev.portalsuite.shared.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Typed, fail-fast access to environment variables. Every getter names the variable in its error,
 * so a misconfigured deployment stops at start-up with a message an operator can act on.
 */
public final class Env {
    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** A copy of this environment with some variables replaced (used by the local suite and tests). */
    public Env with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Env(merged);
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is required"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer, got '" + raw.get() + "'");
        }
    }

    public int port(String name, int defaultValue) {
        return integer(name, defaultValue, 0, 65535);
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
        };
    }

    /** ISO-8601 duration such as {@code PT15M} or {@code P7D}; must be positive unless zero is allowed. */
    public Duration duration(String name, Duration defaultValue, boolean allowZero) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Duration.parse(raw.get().toUpperCase(Locale.ROOT));
            if (value.isNegative() || (!allowZero && value.isZero())) {
                throw new ConfigException(name + " must be a positive duration, got " + raw.get());
            }
            return value;
        } catch (DateTimeParseException e) {
            throw new ConfigException(name + " must be an ISO-8601 duration such as PT15M or P7D, got '" + raw.get() + "'");
        }
    }

    public URI uri(String name, String defaultValue) {
        String raw = string(name, defaultValue);
        try {
            URI uri = URI.create(raw);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(name + " must be an http(s) URL, got '" + raw + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an http(s) URL, got '" + raw + "'");
        }
    }

    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    public List<String> list(String name, String defaultValue) {
        return Arrays.stream(string(name, defaultValue).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public DeploymentMode mode() {
        return DeploymentMode.parse(string("PORTAL_ENV", "development"));
    }
}
