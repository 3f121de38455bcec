package io.github.mcpoauth.internal.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/**
 * A tool result as text for a model: its text contents, one per line; a text resource's text; other
 * content named by its kind (a model framework's string result carries no images); with no content,
 * the structured content as JSON (MCP 2025-11-25, "Structured Content").
 */
final class ToolText {

    private ToolText() {
    }

    static String of(McpSchema.CallToolResult result) {
        List<String> parts = result.content() == null ? List.of()
                : result.content().stream().map(ToolText::of).toList();
        if (parts.isEmpty() && result.structuredContent() != null) {
            return ToolInvoker.toJson(result.structuredContent());
        }
        return String.join("\n", parts);
    }

    static String of(McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return text.text();
        }
        if (content instanceof McpSchema.EmbeddedResource embedded
                && embedded.resource() instanceof McpSchema.TextResourceContents resource) {
            return resource.text();
        }
        if (content instanceof McpSchema.ResourceLink link) {
            return "[resource " + link.uri() + "]";
        }
        return "[" + (content == null ? "empty" : content.type()) + " content]";
    }
}
