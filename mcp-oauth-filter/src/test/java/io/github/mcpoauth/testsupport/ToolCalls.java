package io.github.mcpoauth.testsupport;

import java.util.Map;

import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/** Shorthands for the smoke tests' tool calls. */
final class ToolCalls {

    private ToolCalls() {
    }

    static CallToolRequest call(String tool, Map<String, Object> arguments) {
        return CallToolRequest.builder(tool).arguments(arguments).build();
    }

    /** The text of the result's first content item. */
    static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }
}
