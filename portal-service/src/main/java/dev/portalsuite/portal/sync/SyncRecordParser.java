package dev.portalsuite.portal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks one element of a batch on its own. A bad record is rejected with every reason found; it never
 * fails the batch. Text is taken as given except that {@code name} and {@code licenseType} are trimmed.
 */
final class SyncRecordParser {
    static final Set<String> FIELDS = Set.of("externalId", "type", "name", "parentExternalId", "licenseType",
            "splaLicense", "purchasedLicenses", "activeLicenses", "devices");
    static final Set<String> TYPES = Set.of("MSP", "CLIENT");

    /** Either a record or a rejection. */
    record Parsed(SyncRecord record, RejectedRecord rejection, String externalId) {
    }

    private SyncRecordParser() {
    }

    static Parsed parse(JsonNode node, int index) {
        if (node == null || !node.isObject()) {
            return rejected(index, null, "must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("unknown field '" + printable(name) + "'");
            }
        }
        String externalId = id(node.get("externalId"), "externalId", true, problems);
        String type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode == null || typeNode.isNull()) {
            problems.add("type is required");
        } else if (!typeNode.isTextual() || !TYPES.contains(typeNode.textValue())) {
            problems.add("unknown type '" + printable(typeNode.isTextual() ? typeNode.textValue() : typeNode.toString())
                    + "' (expected MSP or CLIENT)");
        } else {
            type = typeNode.textValue();
        }
        String name = text(node.get("name"), "name", 200, true, problems);
        String parent = id(node.get("parentExternalId"), "parentExternalId", false, problems);
        String licenseType = text(node.get("licenseType"), "licenseType", 100, false, problems);
        boolean spla = false;
        JsonNode splaNode = node.get("splaLicense");
        if (splaNode != null && !splaNode.isNull()) {
            if (splaNode.isBoolean()) {
                spla = splaNode.booleanValue();
            } else {
                problems.add("splaLicense must be true or false");
            }
        }
        int purchased = count(node.get("purchasedLicenses"), "purchasedLicenses", problems);
        int active = count(node.get("activeLicenses"), "activeLicenses", problems);
        int devices = count(node.get("devices"), "devices", problems);
        if (externalId != null && externalId.equals(parent)) {
            problems.add("a record cannot be its own parent");
        }
        if (!problems.isEmpty()) {
            return rejected(index, externalId, String.join("; ", problems));
        }
        return new Parsed(new SyncRecord(index, externalId, type, name, parent, licenseType, spla, purchased, active,
                devices), null, externalId);
    }

    private static Parsed rejected(int index, String externalId, String reason) {
        return new Parsed(null, new RejectedRecord(index, externalId, reason), externalId);
    }

    /** An identifier: 1..200 characters, no control characters, taken exactly as given. */
    private static String id(JsonNode node, String field, boolean required, List<String> problems) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.isEmpty() || value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(field + " must be 1 to 200 characters without control characters");
            return null;
        }
        return value;
    }

    private static String text(JsonNode node, String field, int max, boolean required, List<String> problems) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(field + " must be a string");
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            if (required) {
                problems.add(field + " is required");
            }
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(field + " must be at most " + max + " characters without control characters");
            return null;
        }
        return value;
    }

    private static int count(JsonNode node, String field, List<String> problems) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            problems.add(field + " must be a whole number between 0 and 2147483647");
            return 0;
        }
        return node.intValue();
    }

    private static String printable(String value) {
        String cleaned = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 50 ? cleaned.substring(0, 50) + "…" : cleaned;
    }
}
