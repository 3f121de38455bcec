package io.github.mcpoauth.client;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.McpOAuthException.Code;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code requestedSchema} of a form elicitation (MCP 2025-11-25 "Elicitation", "Requested
 * Schema"): a flat object whose properties are strings (length, {@code enum}/{@code oneOf}, and the
 * formats email, uri, date, date-time), numbers or integers (minimum, maximum), booleans, or arrays
 * of enum strings (multi-select). A schema outside that subset is refused, so a server cannot make
 * the browser render something the spec does not allow. {@link #complete} applies the schema's
 * defaults to omitted fields (SEP-1034) and then checks the answer, naming the first bad field.
 */
final class FormSchema {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> FORMATS = Set.of("email", "uri", "date", "date-time");
    private static final int MAX_PROPERTIES = 100;
    /** Characters of text in all titles, descriptions, names and values: the schema is kept until answered. */
    private static final int MAX_TEXT = 65_536;

    private final Map<String, Map<String, Object>> properties;
    private final List<String> required;

    private FormSchema(Map<String, Map<String, Object>> properties, List<String> required) {
        this.properties = properties;
        this.required = required;
    }

    /** Parses a server's schema; {@link IllegalArgumentException} saying why when it is outside the spec's subset. */
    @SuppressWarnings("unchecked")
    static FormSchema parse(Map<String, Object> schema) {
        if (schema == null || !"object".equals(schema.get("type")) || !(schema.get("properties") instanceof Map<?, ?> props)) {
            throw new IllegalArgumentException("requestedSchema must be an object schema with properties");
        }
        if (props.size() > MAX_PROPERTIES || textIn(schema, 0) > MAX_TEXT) {
            throw new IllegalArgumentException("requestedSchema is larger than a form may be");
        }
        Map<String, Map<String, Object>> properties = new LinkedHashMap<>();
        props.forEach((name, value) -> {
            if (!(value instanceof Map<?, ?> p) || !primitive((Map<String, Object>) p)) {
                throw new IllegalArgumentException("property " + name + " is not a primitive the spec allows");
            }
            properties.put(String.valueOf(name), (Map<String, Object>) p);
        });
        List<String> required = new ArrayList<>();
        if (schema.get("required") instanceof List<?> r) {
            r.forEach(n -> required.add(String.valueOf(n)));
        }
        return new FormSchema(properties, required);
    }

    /** The characters of text in {@code value}, nested values included; past the depth a form has, too many. */
    private static int textIn(Object value, int depth) {
        boolean nested = value instanceof Map<?, ?> || value instanceof List<?>;
        if (nested && depth > 5) {
            return MAX_TEXT + 1;
        }
        if (value instanceof Map<?, ?> m) {
            int n = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += String.valueOf(e.getKey()).length() + textIn(e.getValue(), depth + 1);
            }
            return n;
        }
        if (value instanceof List<?> l) {
            int n = 0;
            for (Object item : l) {
                n += textIn(item, depth + 1);
            }
            return n;
        }
        return value == null ? 0 : String.valueOf(value).length();
    }

        private static boolean primitive(Map<String, Object> p) {
        Object type = p.get("type");
        if ("array".equals(type)) {
            return p.get("items") instanceof Map<?, ?> items && (items.get("enum") instanceof List<?>
                    || items.get("anyOf") instanceof List<?>);
        }
        return "string".equals(type) && (p.get("format") == null || FORMATS.contains(p.get("format")))
                || "number".equals(type) || "integer".equals(type) || "boolean".equals(type);
    }

    /**
     * The answer to send: {@code content} with the defaults of omitted fields added, checked
     * against the schema. {@code INVALID_REQUEST} naming the field when it does not conform.
     */
    Map<String, Object> complete(Map<String, Object> content) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> given = content == null ? Map.of() : content;
        for (String name : given.keySet()) {
            if (!properties.containsKey(name)) {
                throw invalid(name, "is not in the requested schema");
            }
        }
        properties.forEach((name, p) -> {
            Object value = given.containsKey(name) ? given.get(name) : p.get("default");
            if (value == null) {
                if (required.contains(name)) {
                    throw invalid(name, "is required");
                }
                return;
            }
            out.put(name, check(name, p, value));
        });
        return out;
    }

    private static Object check(String name, Map<String, Object> p, Object value) {
        switch (String.valueOf(p.get("type"))) {
            case "string" -> {
                if (!(value instanceof String s)) {
                    throw invalid(name, "must be a string");
                }
                checkString(name, p, s);
                return s;
            }
            case "number", "integer" -> {
                return checkNumber(name, p, value);
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    throw invalid(name, "must be true or false");
                }
                return value;
            }
            default -> {
                return checkArray(name, p, value);
            }
        }
    }

    private static void checkString(String name, Map<String, Object> p, String s) {
        if (p.get("minLength") instanceof Number min && s.codePointCount(0, s.length()) < min.intValue()) {
            throw invalid(name, "must have at least " + min + " characters");
        }
        if (p.get("maxLength") instanceof Number max && s.codePointCount(0, s.length()) > max.intValue()) {
            throw invalid(name, "must have at most " + max + " characters");
        }
        List<String> allowed = choices(p);
        if (!allowed.isEmpty() && !allowed.contains(s)) {
            throw invalid(name, "must be one of " + allowed);
        }
        Object format = p.get("format");
        if (format != null && !hasFormat(String.valueOf(format), s)) {
            throw invalid(name, "must be a valid " + format);
        }
    }

    private static boolean hasFormat(String format, String s) {
        try {
            return switch (format) {
                case "email" -> EMAIL.matcher(s).matches();
                case "uri" -> URI.create(s).isAbsolute();
                case "date" -> LocalDate.parse(s) != null;
                default -> OffsetDateTime.parse(s) != null;
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return false;
        }
    }

    private static Number checkNumber(String name, Map<String, Object> p, Object value) {
        if (!(value instanceof Number n) || value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw invalid(name, "must be a number");
        }
        BigDecimal v = new BigDecimal(n.toString());
        if ("integer".equals(p.get("type")) && v.stripTrailingZeros().scale() > 0) {
            throw invalid(name, "must be a whole number");
        }
        if (p.get("minimum") instanceof Number min && v.compareTo(new BigDecimal(min.toString())) < 0) {
            throw invalid(name, "must be at least " + min);
        }
        if (p.get("maximum") instanceof Number max && v.compareTo(new BigDecimal(max.toString())) > 0) {
            throw invalid(name, "must be at most " + max);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static List<String> checkArray(String name, Map<String, Object> p, Object value) {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw invalid(name, "must be a list of strings");
        }
        List<String> allowed = choices((Map<String, Object>) p.get("items"));
        for (Object item : list) {
            if (!allowed.contains(item)) {
                throw invalid(name, "may only contain " + allowed);
            }
        }
        if (p.get("minItems") instanceof Number min && list.size() < min.intValue()) {
            throw invalid(name, "needs at least " + min + " choices");
        }
        if (p.get("maxItems") instanceof Number max && list.size() > max.intValue()) {
            throw invalid(name, "allows at most " + max + " choices");
        }
        return (List<String>) list;
    }

    /** The allowed values of an enum property: {@code enum}, or the {@code const}s of {@code oneOf}/{@code anyOf}. */
    private static List<String> choices(Map<String, Object> p) {
        List<String> out = new ArrayList<>();
        if (p.get("enum") instanceof List<?> values) {
            values.forEach(v -> out.add(String.valueOf(v)));
        }
        for (String key : List.of("oneOf", "anyOf")) {
            if (p.get(key) instanceof List<?> options) {
                options.forEach(o -> {
                    if (o instanceof Map<?, ?> m && m.get("const") != null) {
                        out.add(String.valueOf(m.get("const")));
                    }
                });
            }
        }
        return out;
    }

    private static McpOAuthException invalid(String field, String problem) {
        return new McpOAuthException(Code.INVALID_REQUEST, "Field " + field + " " + problem);
    }
}
