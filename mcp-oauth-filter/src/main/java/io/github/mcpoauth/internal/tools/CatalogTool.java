package io.github.mcpoauth.internal.tools;

import java.util.Map;

/**
 * One MCP tool as a model sees it.
 *
 * @param name unique among the owner's offered tools, matching {@code ^[a-zA-Z0-9_-]{1,64}$}
 * @param serverId the server the call goes to
 * @param toolName the tool's MCP name, sent in {@code tools/call}
 * @param description the tool's description, or its title or name when it has none
 * @param inputSchema the tool's JSON Schema for its arguments (an object schema)
 */
public record CatalogTool(String name, String serverId, String toolName, String description,
        Map<String, Object> inputSchema) {

    public CatalogTool {
        inputSchema = inputSchema == null ? Map.of("type", "object") : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputSchema));
    }
}
