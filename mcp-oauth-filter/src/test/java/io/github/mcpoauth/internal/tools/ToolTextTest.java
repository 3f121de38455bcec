package io.github.mcpoauth.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolTextTest {

    @Test
    void textContentsOneALineAndOtherContentNamedByItsKind() {
        CallToolResult result = CallToolResult.builder().content(List.of(
                McpSchema.TextContent.builder("first").build(),
                McpSchema.EmbeddedResource.builder(
                        McpSchema.TextResourceContents.builder("test://readme", "from a resource").build()).build(),
                McpSchema.ImageContent.builder("aGk=", "image/png").build())).build();

        assertEquals("first\nfrom a resource\n[image content]", ToolText.of(result));
    }

    @Test
    void withNoContentTheStructuredContentAsJson() {
        CallToolResult result = CallToolResult.builder().content(List.of()).structuredContent(Map.of("n", 3)).build();

        assertEquals("{\"n\":3}", ToolText.of(result));
    }
}
