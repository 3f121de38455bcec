package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the manager answers for a tool call: {@code isError} is never null (MCP lets a server omit it). */
class CallToolResultTest {

    @Test
    void isErrorIsFalseWhenTheServerOmitsItAndTrueWhenTheServerSaysSo() throws Exception {
        try (TestMcpServer mcp = TestMcpServer.builder().start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            McpSchema.Tool tool = McpSchema.Tool.builder("quiet", Map.of("type", "object", "properties", Map.of()))
                    .description("Answers without isError").build();
            McpSchema.CallToolResult omitted = new McpSchema.CallToolResult(
                    List.of(new McpSchema.TextContent("done")), null, null, null);
            assertNull(omitted.isError());
            mcp.addTool(SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> omitted).build());
            McpClientManager manager = harness.manager("alice");
            String id = manager.addMcpServer("open", mcp.url()).id();

            assertEquals(Boolean.FALSE, manager.callTool(id, "quiet", Map.of()).isError());
            assertEquals(Boolean.FALSE, manager.callToolAsync(id, "quiet", null).get(20, TimeUnit.SECONDS).isError());
            assertEquals(Boolean.TRUE, manager.callTool(id, "fail", Map.of()).isError());
            assertEquals(Boolean.FALSE, manager.callTool(id, "echo", Map.of("text", "x")).isError());
        }
    }
}
