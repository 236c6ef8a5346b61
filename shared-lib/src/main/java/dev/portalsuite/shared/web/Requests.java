package dev.portalsuite.shared.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
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
        return bind(tree(ctx), type);
    }

    /**
     * A partial update: a field left out means "unchanged", so an explicit {@code null} on a field that cannot be
     * cleared is an error (400 naming each such field) rather than being read as "left out".
     */
    public <T> T patchBody(Context ctx, Class<T> type, String... notNullable) {
        JsonNode tree = tree(ctx);
        List<FieldError> errors = Arrays.stream(notNullable)
                .filter(field -> tree.has(field) && tree.get(field).isNull())
                .map(field -> new FieldError(field, "must not be null"))
                .toList();
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return bind(tree, type);
    }

    private JsonNode tree(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !isJson(contentType)) {
            throw new ApiException(415, "Unsupported Media Type",
                    "Send the body as application/json.", List.of(), java.util.Map.of());
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("A JSON request body is required.");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON.");
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read.");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw ApiException.badRequest("A JSON object is required.");
        }
        UnstorableValue bad = unstorable(tree, "");
        if (bad != null) {
            throw ApiException.invalidField(bad.path().isEmpty() ? "body" : bad.path(), bad.problem());
        }
        return tree;
    }

    private <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return mapper.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalidField(e.getPropertyName(), "is not a known field");
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            if (field.isEmpty()) {
                throw ApiException.badRequest("The body must be a JSON object of the documented shape.");
            }
            throw ApiException.invalidField(field, outOfRange(e) ? "is out of range" : "has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body must be a JSON object of the documented shape.");
        }
    }

    private static boolean outOfRange(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputCoercionException) {
                return true;
            }
        }
        return false;
    }

    /** A value PostgreSQL cannot store as given, and where it is ("" for the root). */
    record UnstorableValue(String path, String problem) {
    }

    /**
     * The first string or key that holds U+0000 (PostgreSQL text and jsonb cannot) or an unpaired UTF-16
     * surrogate (not Unicode text: it would be stored as "?"), or a number too large to be finite; null if none.
     */
    static UnstorableValue unstorable(JsonNode node, String path) {
        if (node.isTextual()) {
            String problem = textProblem(node.textValue());
            return problem == null ? null : new UnstorableValue(path, problem);
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return new UnstorableValue(path, "must be a finite number");
        }
        if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String keyProblem = textProblem(field.getKey());
                if (keyProblem != null) {
                    return new UnstorableValue(path, keyProblem); // the object's key: the object is named
                }
                UnstorableValue found = unstorable(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                UnstorableValue found = unstorable(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "must not contain the character U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text (it holds an unpaired surrogate)";
            }
        }
        return null;
    }

    public static UUID uuidPath(Context ctx, String name) {
        return uuid(ctx.pathParam(name), name);
    }

    /** An optional UUID query parameter, following the rule of {@link Inputs#queryValue}. */
    public static UUID uuidQuery(Context ctx, String name) {
        String raw = Inputs.queryValue(ctx, name);
        return raw == null ? null : uuid(raw, name);
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
