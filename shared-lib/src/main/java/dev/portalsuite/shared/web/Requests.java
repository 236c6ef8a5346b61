package dev.portalsuite.shared.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads request input for controllers: JSON bodies (415/400 with field names), UUID path parameters. */
public final class Requests {
    private final ObjectMapper mapper;

    public Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T body(Context ctx, Class<T> type) {
        String contentType = ctx.contentType();
        if (contentType == null || !isJson(contentType)) {
            throw new ApiException(415, "Unsupported Media Type",
                    "Send the body as application/json.", List.of(), java.util.Map.of());
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("A JSON request body is required.");
        }
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw ApiException.badRequest("A JSON object is required.");
            }
            String nulField = fieldWithNul(tree, "");
            if (nulField != null) {
                // PostgreSQL text and jsonb cannot hold U+0000; refuse it here for every service
                throw ApiException.invalidField(nulField.isEmpty() ? "body" : nulField,
                        "must not contain the character U+0000");
            }
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalidField(e.getPropertyName(), "is not a known field");
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (field.isEmpty()) {
                throw ApiException.badRequest("The body must be a JSON object of the documented shape.");
            }
            throw ApiException.invalidField(field, "has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON.");
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read.");
        }
    }

    /** The path of the first string or key holding U+0000, "" for the root, or null when there is none. */
    static String fieldWithNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return path.isEmpty() ? "body" : path;
                }
                String found = fieldWithNul(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    public static UUID uuidPath(Context ctx, String name) {
        return uuid(ctx.pathParam(name), name);
    }

    public static UUID uuidQuery(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        return raw == null || raw.isBlank() ? null : uuid(raw.trim(), name);
    }

    public static UUID uuid(String raw, String field) {
        try {
            if (raw != null && raw.length() == 36) {
                return UUID.fromString(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiException.invalidField(field, "must be a UUID");
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }
}
