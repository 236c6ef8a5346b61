package dev.portalsuite.freshness.publicpage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTML template from the classpath: {@code {{name}}} placeholders, nothing else. Every value is escaped
 * unless it is {@link Html.Safe}. Rendering fails when a placeholder has no value or a value has no placeholder,
 * so a typo cannot silently drop content.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9]*)}}");

    private final String name;
    private final List<String> literals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    private Template(String name, String source) {
        this.name = name;
        Matcher matcher = PLACEHOLDER.matcher(source);
        int last = 0;
        while (matcher.find()) {
            literals.add(source.substring(last, matcher.start()));
            names.add(matcher.group(1));
            last = matcher.end();
        }
        literals.add(source.substring(last));
    }

    public static Template load(String resource) {
        return new Template(resource, resource(resource));
    }

    static Template of(String name, String source) {
        return new Template(name, source);
    }

    public Html.Safe render(Map<String, ?> values) {
        Set<String> unused = new HashSet<>(values.keySet());
        StringBuilder out = new StringBuilder(literals.stream().mapToInt(String::length).sum() + 512);
        for (int i = 0; i < names.size(); i++) {
            out.append(literals.get(i));
            String key = names.get(i);
            if (!values.containsKey(key) || values.get(key) == null) {
                throw new IllegalArgumentException("template " + name + " has no value for {{" + key + "}}");
            }
            unused.remove(key);
            Object value = values.get(key);
            out.append(value instanceof Html.Safe safe ? safe.markup() : Html.escape(value.toString()));
        }
        out.append(literals.get(literals.size() - 1));
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("template " + name + " has no placeholder for " + unused);
        }
        return new Html.Safe(out.toString());
    }

    static String resource(String resource) {
        try (InputStream in = Template.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
