package dev.portalsuite.sync.heimdal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.sync.portal.SyncRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps one Heimdal customer (a JSON object of an assumed shape: no public schema exists) to a portal
 * {@link SyncRecord}, or says why it cannot.
 *
 * <p>Field names are matched ignoring case, {@code _} and {@code -} ({@code customerId}, {@code CustomerID} and
 * {@code customer_id} are the same field), with aliases, first alias wins:
 * <ul>
 *   <li>id: {@code customerId}, {@code id} (string or integer)</li>
 *   <li>name: {@code customerName}, {@code name}</li>
 *   <li>type: {@code type}, {@code customerType}: {@code RESELLER} → MSP, {@code CORP} → CLIENT (any case);
 *       anything else is rejected</li>
 *   <li>parent: {@code parentId}, {@code resellerId}: a CLIENT's MSP; absent or equal to
 *       {@code HEIMDAL_CUSTOMER_ID} means directly under the MSSP; ignored for MSPs</li>
 *   <li>{@code licenseType} (string), {@code splaLicense} (boolean or "true"/"false"),
 *       {@code purchasedLicenses}/{@code licenses}, {@code activeLicenses}, {@code devices}/{@code deviceCount}
 *       (whole numbers ≥ 0, or such numbers as strings); all optional</li>
 * </ul>
 * The customer whose id is {@code HEIMDAL_CUSTOMER_ID} (the MSSP's own account, if Heimdal lists it) is skipped.
 * Unknown fields are ignored.
 */
public final class CustomerMapper {
    static final String[] ID = {"customerid", "id"};
    static final String[] NAME = {"customername", "name"};
    static final String[] TYPE = {"type", "customertype"};
    static final String[] PARENT = {"parentid", "resellerid"};
    static final String[] LICENSE_TYPE = {"licensetype"};
    static final String[] SPLA = {"splalicense"};
    static final String[] PURCHASED = {"purchasedlicenses", "licenses"};
    static final String[] ACTIVE = {"activelicenses"};
    static final String[] DEVICES = {"devices", "devicecount"};

    /** One customer's outcome: a record to send, a rejection (with the id when there was a usable one), or skipped. */
    public record Result(SyncRecord record, String externalId, String rejection, boolean skipped) {
        public boolean isRejected() {
            return rejection != null;
        }
    }

    private final String msspCustomerId;

    public CustomerMapper(String msspCustomerId) {
        this.msspCustomerId = msspCustomerId;
    }

    /** The customer's id as the portal will see it, or null when it has no usable one. */
    public static String idOf(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return id(fields(node), ID, "id", new ArrayList<>());
    }

    public Result map(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Result(null, null, "customer is not a JSON object: " + printable(String.valueOf(node)), false);
        }
        Map<String, JsonNode> fields = fields(node);
        List<String> problems = new ArrayList<>();
        String id = id(fields, ID, "customerId/id", problems);
        if (id != null && id.equals(msspCustomerId)) {
            return new Result(null, id, null, true);
        }
        String type = null;
        JsonNode typeNode = first(fields, TYPE);
        if (typeNode == null || typeNode.isNull()) {
            problems.add("no customer type (type/customerType)");
        } else if (!typeNode.isTextual()) {
            problems.add("customer type must be a string, got " + printable(typeNode.toString()));
        } else {
            String raw = typeNode.textValue().trim().toUpperCase(Locale.ROOT);
            type = switch (raw) {
                case "RESELLER" -> "MSP";
                case "CORP" -> "CLIENT";
                default -> null;
            };
            if (type == null) {
                problems.add("unknown customer type '" + printable(typeNode.textValue()) + "' (expected RESELLER or CORP)");
            }
        }
        String name = text(first(fields, NAME), "customerName/name", 200, true, problems);
        String parent = id(fields, PARENT, "parentId/resellerId", problems);
        if (parent != null && (parent.equals(msspCustomerId) || !"CLIENT".equals(type))) {
            parent = null; // directly under the MSSP; MSPs always hang under the MSSP
        }
        if (parent != null && parent.equals(id)) {
            problems.add("a customer cannot be its own reseller");
        }
        String licenseType = text(first(fields, LICENSE_TYPE), "licenseType", 100, false, problems);
        Boolean spla = bool(first(fields, SPLA), "splaLicense", problems);
        Integer purchased = count(first(fields, PURCHASED), "purchasedLicenses/licenses", problems);
        Integer active = count(first(fields, ACTIVE), "activeLicenses", problems);
        Integer devices = count(first(fields, DEVICES), "devices/deviceCount", problems);
        if (!problems.isEmpty()) {
            return new Result(null, id, String.join("; ", problems), false);
        }
        return new Result(new SyncRecord(id, type, name, parent, licenseType, spla, purchased, active, devices), id, null, false);
    }

    /** Field names normalised: lower case, without '_' and '-'. The first spelling of a name wins. */
    private static Map<String, JsonNode> fields(JsonNode node) {
        Map<String, JsonNode> fields = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.putIfAbsent(normalise(field.getKey()), field.getValue());
        }
        return fields;
    }

    static String normalise(String fieldName) {
        return fieldName.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    private static JsonNode first(Map<String, JsonNode> fields, String[] aliases) {
        for (String alias : aliases) {
            JsonNode value = fields.get(alias);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    private static String id(Map<String, JsonNode> fields, String[] aliases, String label, List<String> problems) {
        JsonNode node = first(fields, aliases);
        boolean required = aliases == ID;
        if (node == null) {
            if (required) {
                problems.add("no customer id (" + label + ")");
            }
            return null;
        }
        String value;
        if (node.isTextual()) {
            value = node.textValue().trim();
        } else if (node.isIntegralNumber()) {
            value = node.bigIntegerValue().toString();
        } else {
            problems.add(label + " must be a string or a whole number, got " + printable(node.toString()));
            return null;
        }
        if (value.isEmpty()) {
            if (required) {
                problems.add("no customer id (" + label + ")");
            }
            return null;
        }
        if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(label + " must be 1 to 200 characters without control characters");
            return null;
        }
        return value;
    }

    private static String text(JsonNode node, String label, int max, boolean required, List<String> problems) {
        if (node == null) {
            if (required) {
                problems.add("no " + label);
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(label + " must be a string, got " + printable(node.toString()));
            return null;
        }
        String value = node.textValue().strip();
        if (value.isEmpty()) {
            if (required) {
                problems.add("empty " + label);
            }
            return null;
        }
        if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(label + " must be at most " + max + " characters without control characters");
            return null;
        }
        return value;
    }

    private static Boolean bool(JsonNode node, String label, List<String> problems) {
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            String value = node.textValue().trim().toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
            }
        }
        problems.add(label + " must be true or false, got " + printable(node.toString()));
        return null;
    }

    private static Integer count(JsonNode node, String label, List<String> problems) {
        if (node == null) {
            return null;
        }
        BigInteger value = null;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual() && node.textValue().trim().matches("\\d{1,12}")) {
            value = new BigInteger(node.textValue().trim());
        }
        if (value == null || value.signum() < 0 || value.bitLength() > 31) {
            problems.add(label + " must be a whole number between 0 and 2147483647, got " + printable(node.toString()));
            return null;
        }
        return value.intValue();
    }

    private static String printable(String value) {
        String cleaned = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 60 ? cleaned.substring(0, 60) + "…" : cleaned;
    }
}
