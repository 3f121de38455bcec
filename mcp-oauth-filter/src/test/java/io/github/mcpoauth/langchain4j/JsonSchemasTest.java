package io.github.mcpoauth.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    @Test
    void nestedObjectsArraysEnumsRequiredAndDescriptionsAreKept() {
        JsonObjectSchema schema = JsonSchemas.parameters(Map.of("type", "object",
                "description", "a query",
                "required", List.of("q"),
                "additionalProperties", false,
                "properties", Map.of(
                        "q", Map.of("type", "string", "description", "what to find"),
                        "limit", Map.of("type", "integer"),
                        "order", Map.of("type", "string", "enum", List.of("asc", "desc")),
                        "tags", Map.of("type", "array", "items", Map.of("type", "string")),
                        "filter", Map.of("type", "object", "required", List.of("exact"),
                                "properties", Map.of("exact", Map.of("type", "boolean"))))));

        assertEquals("a query", schema.description());
        assertEquals(List.of("q"), schema.required());
        assertEquals(false, schema.additionalProperties());
        assertEquals("what to find", ((JsonStringSchema) schema.properties().get("q")).description());
        assertInstanceOf(JsonIntegerSchema.class, schema.properties().get("limit"));
        assertEquals(List.of("asc", "desc"), ((JsonEnumSchema) schema.properties().get("order")).enumValues());
        assertInstanceOf(JsonStringSchema.class, ((JsonArraySchema) schema.properties().get("tags")).items());
        JsonObjectSchema filter = (JsonObjectSchema) schema.properties().get("filter");
        assertEquals(List.of("exact"), filter.required());
        assertInstanceOf(JsonBooleanSchema.class, filter.properties().get("exact"));
    }

    @Test
    void referencesUnionsAndUnknownConstructsDegradeSafely() {
        JsonObjectSchema schema = JsonSchemas.parameters(Map.of(
                "$defs", Map.of("point", Map.of("properties", Map.of("x", Map.of("type", "number")))),
                "properties", Map.of(
                        "at", Map.of("$ref", "#/$defs/point"),
                        "maybe", Map.of("type", List.of("null", "integer")),
                        "either", Map.of("oneOf", List.of(Map.of("type", "string"), Map.of("type", "integer"))),
                        "anything", Map.of("description", "any JSON"),
                        "list", Map.of("type", "array"),
                        "weird", "not a schema")));

        assertEquals("point", ((JsonReferenceSchema) schema.properties().get("at")).reference());
        assertInstanceOf(JsonObjectSchema.class, schema.definitions().get("point"));
        assertInstanceOf(JsonIntegerSchema.class, schema.properties().get("maybe"));
        assertEquals(2, ((JsonAnyOfSchema) schema.properties().get("either")).anyOf().size());
        assertEquals("any JSON", ((JsonStringSchema) schema.properties().get("anything")).description());
        assertInstanceOf(JsonStringSchema.class, ((JsonArraySchema) schema.properties().get("list")).items());
        assertInstanceOf(JsonStringSchema.class, schema.properties().get("weird"));
    }
}
