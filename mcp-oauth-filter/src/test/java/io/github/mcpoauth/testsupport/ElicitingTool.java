package io.github.mcpoauth.testsupport;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A tool {@code ask} for {@link TestMcpServer#addTool(SyncToolSpecification)} that sends
 * {@code elicitation/create} and answers with what the client sent back, as text:
 * {@code "<action> <content>"}, or {@code "error <message>"} when the client refused the request.
 * Arguments: none for the form of {@link #SCHEMA}; {@code mode: "url", url} for a URL elicitation
 * (elicitationId {@code e-1}); {@code mode: "nested"} for a schema the spec does not allow.
 */
public final class ElicitingTool {

    public static final String NAME = "ask";
    public static final String MESSAGE = "Who are you?";
    /** name (required, at least 2 characters), age (integer ≥ 0, default 30), verified (default true), color (red|blue, default blue). */
    public static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of(
                    "name", Map.of("type", "string", "minLength", 2),
                    "age", Map.of("type", "integer", "minimum", 0, "default", 30),
                    "verified", Map.of("type", "boolean", "default", true),
                    "color", Map.of("type", "string", "enum", List.of("red", "blue"), "default", "blue")),
            "required", List.of("name"));

    private ElicitingTool() {
    }

    public static SyncToolSpecification spec() {
        McpSchema.Tool tool = McpSchema.Tool.builder(NAME, Map.of("type", "object", "properties", Map.of())).build();
        return new SyncToolSpecification(tool, (exchange, call) -> {
            Object mode = call.arguments().get("mode");
            McpSchema.ElicitRequest request = "url".equals(mode)
                    ? McpSchema.ElicitUrlRequest.builder("Sign in at the bank", (String) call.arguments().get("url"), "e-1").build()
                    : McpSchema.ElicitFormRequest.builder(MESSAGE, "nested".equals(mode)
                            ? Map.of("type", "object", "properties", Map.of("address", Map.of("type", "object")))
                            : SCHEMA).build();
            String text;
            try {
                McpSchema.ElicitResult result = exchange.createElicitation(request);
                text = result.action().name().toLowerCase(Locale.ROOT) + " " + result.content();
            } catch (RuntimeException e) {
                text = "error " + e.getMessage();
            }
            return McpSchema.CallToolResult.builder().addTextContent(text).build();
        });
    }
}
