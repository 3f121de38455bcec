package io.github.mcpoauth.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MCP tool's {@code inputSchema} (JSON Schema, as a map) as LangChain4j's schema elements: objects with
 * properties, required and additionalProperties, arrays, enums, anyOf/oneOf, {@code $ref} to
 * {@code $defs}/{@code definitions}, and descriptions. What has no counterpart degrades to something a
 * model can still fill: a type list takes its first non-null type, and a schema of no known type
 * becomes a string, its description kept.
 */
final class JsonSchemas {

    private static final int MAX_DEPTH = 32;

    private JsonSchemas() {
    }

    static JsonObjectSchema parameters(Map<String, Object> schema) {
        JsonObjectSchema.Builder root = object(schema, 0);
        Map<String, JsonSchemaElement> definitions = new LinkedHashMap<>();
        for (String key : List.of("$defs", "definitions")) {
            map(schema.get(key)).forEach((name, value) -> definitions.put(name, element(value, 1)));
        }
        if (!definitions.isEmpty()) {
            root.definitions(definitions);
        }
        return root.build();
    }

    private static JsonObjectSchema.Builder object(Map<String, Object> schema, int depth) {
        JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(string(schema.get("description")));
        map(schema.get("properties")).forEach((name, value) -> object.addProperty(name, element(value, depth + 1)));
        if (schema.get("required") instanceof List<?> required) {
            object.required(required.stream().filter(String.class::isInstance).map(String.class::cast).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            object.additionalProperties(additional);
        }
        return object;
    }

    static JsonSchemaElement element(Object value, int depth) {
        Map<String, Object> schema = map(value);
        String description = string(schema.get("description"));
        if (depth > MAX_DEPTH) {
            return JsonStringSchema.builder().description(description).build();
        }
        if (schema.get("$ref") instanceof String ref) {
            return JsonReferenceSchema.builder().reference(ref.substring(ref.lastIndexOf('/') + 1)).build();
        }
        if (schema.get("enum") instanceof List<?> values) {
            return JsonEnumSchema.builder().description(description)
                    .enumValues(values.stream().map(String::valueOf).toList()).build();
        }
        Object anyOf = schema.containsKey("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
        if (anyOf instanceof List<?> options && !options.isEmpty()) {
            return JsonAnyOfSchema.builder().description(description)
                    .anyOf(options.stream().map(o -> element(o, depth + 1)).toList()).build();
        }
        String type = type(schema.get("type"));
        return switch (type.isEmpty() && schema.containsKey("properties") ? "object" : type) {
            case "object" -> object(schema, depth).build();
            case "array" -> JsonArraySchema.builder().description(description)
                    .items(schema.get("items") instanceof Map<?, ?> items ? element(items, depth + 1)
                            : JsonStringSchema.builder().build())
                    .build();
            case "integer" -> JsonIntegerSchema.builder().description(description).build();
            case "number" -> JsonNumberSchema.builder().description(description).build();
            case "boolean" -> JsonBooleanSchema.builder().description(description).build();
            case "null" -> new JsonNullSchema();
            default -> JsonStringSchema.builder().description(description).build();
        };
    }

    /** The type, or the first non-null one of a type list (e.g. {@code ["string", "null"]}). */
    private static String type(Object type) {
        if (type instanceof List<?> types) {
            return types.stream().filter(t -> t instanceof String s && !s.equals("null")).map(String.class::cast)
                    .findFirst().orElse("null");
        }
        return type instanceof String s ? s : "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }
}
