package dev.portalsuite.console.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A form as the page shows it: the values the person typed (so nothing is lost when it comes back) and a message
 * per field. Passwords are never put back.
 */
public final class Form {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    public static Form empty() {
        return new Form();
    }

    public static Form of(Map<String, String> values) {
        Form form = new Form();
        form.values.putAll(values);
        return form;
    }

    public Form value(String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    public Form error(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    public Form errors(Map<String, String> fieldErrors) {
        fieldErrors.forEach(this::error);
        return this;
    }

    public String get(String name) {
        return values.getOrDefault(name, "");
    }

    public String errorOf(String name) {
        return errors.get(name);
    }

    public boolean hasError(String name) {
        return errors.containsKey(name);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Messages for fields the form has no input for (e.g. a whole-object rule), shown above the form. */
    public Map<String, String> errors() {
        return Map.copyOf(errors);
    }

    /** {@code aria-describedby} id of a field's message. */
    public static String errorId(String name) {
        return name + "-error";
    }
}
