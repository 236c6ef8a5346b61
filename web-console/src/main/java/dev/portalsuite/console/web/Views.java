package dev.portalsuite.console.web;

import com.fasterxml.jackson.databind.JsonNode;

/** Small helpers for turning API JSON into what templates show. */
public final class Views {
    private Views() {
    }

    /** The text of a field, or null when it is absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    public static String textOr(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }
}
