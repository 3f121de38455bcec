package io.github.mcpoauth.internal.tools;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.client.McpClientManager;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a model's tool call through {@link McpClientManager#callTool}, which waits at most the configured
 * request timeout, and turns every outcome into a {@link ToolReply}: an MCP error result
 * ({@code isError}, MCP 2025-11-25 "Error Handling"), arguments that are not a JSON object, a timeout or
 * any other failure come back as error text for the model, never as an exception into the framework's
 * chat loop. Exception messages other than the module's own are not passed on.
 */
public final class ToolInvoker {

    private static final Logger log = LoggerFactory.getLogger(ToolInvoker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ToolInvoker() {
    }

    /** What the model gets back from one call. */
    public record ToolReply(String text, boolean error) {

        static ToolReply failed(String why) {
            return new ToolReply("Error: " + why, true);
        }
    }

    public static ToolReply call(McpClientManager manager, CatalogTool tool, String argumentsJson) {
        Map<String, Object> arguments;
        try {
            arguments = arguments(argumentsJson);
        } catch (JacksonException | IllegalArgumentException e) {
            return ToolReply.failed("the arguments are not a JSON object");
        }
        try {
            McpSchema.CallToolResult result = manager.callTool(tool.serverId(), tool.toolName(), arguments);
            String text = ToolText.of(result);
            return Boolean.TRUE.equals(result.isError()) ? ToolReply.failed(text) : new ToolReply(text, false);
        } catch (McpOAuthException e) {
            return ToolReply.failed(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Calling tool {} of server {} failed: {}", tool.toolName(), tool.serverId(), e.getClass().getName());
            return ToolReply.failed("the tool call failed");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> arguments(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        Object parsed = JSON.readValue(json, Object.class);
        if (parsed == null) {
            return Map.of();
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("not an object");
        }
        return (Map<String, Object>) parsed;
    }

    /** A JSON text of {@code value}, for frameworks that take a tool's schema as a string. */
    public static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }
}
