package io.github.mcpoauth.testsupport;

import static io.github.mcpoauth.testsupport.ToolCalls.call;
import static io.github.mcpoauth.testsupport.ToolCalls.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TestMcpServerSmokeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void streamableServerOffersToolsPromptsAndResources() {
        try (TestMcpServer server = TestMcpServer.builder().instructions("Be nice.").start();
                McpSyncClient client = client(HttpClientStreamableHttpTransport.builder(server.url()).build())) {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals("Be nice.", init.instructions());
            assertEquals(Boolean.TRUE, init.capabilities().tools().listChanged());
            assertEquals(Boolean.TRUE, init.capabilities().prompts().listChanged());
            assertEquals(Boolean.TRUE, init.capabilities().resources().listChanged());

            assertEquals(List.of("add", "echo", "fail"),
                    client.listTools().tools().stream().map(McpSchema.Tool::name).sorted().toList());
            assertEquals("5", text(client.callTool(call("add", Map.of("a", 2, "b", 3)))));
            assertEquals("3.5", text(client.callTool(call("add", Map.of("a", 1.5, "b", 2)))));
            assertEquals("hi", text(client.callTool(call("echo", Map.of("text", "hi")))));
            CallToolResult failed = client.callTool(call("fail", Map.of()));
            assertEquals(Boolean.TRUE, failed.isError());

            assertEquals("greeting", client.listPrompts().prompts().get(0).name());
            McpSchema.GetPromptResult prompt = client.getPrompt(
                    McpSchema.GetPromptRequest.builder("greeting").arguments(Map.of("name", "Ada")).build());
            assertEquals("Hello, Ada!", ((TextContent) prompt.messages().get(0).content()).text());

            assertEquals(TestMcpFeatures.README_URI, client.listResources().resources().get(0).uri());
            assertEquals(TestMcpFeatures.README_TEXT, read(client, TestMcpFeatures.README_URI));
            assertEquals(TestMcpFeatures.ITEM_TEMPLATE,
                    client.listResourceTemplates().resourceTemplates().get(0).uriTemplate());
            assertEquals("Item 42", read(client, "test://items/42"));
            assertTrue(server.mcpRequestCount() > 0);
        }
    }

    @Test
    void addToolReachesTheClientsToolsChangeConsumer() throws Exception {
        CompletableFuture<List<McpSchema.Tool>> changed = new CompletableFuture<>();
        try (TestMcpServer server = TestMcpServer.builder().start();
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.url()).build())
                        .requestTimeout(WAIT).toolsChangeConsumer(changed::complete).build()) {
            client.initialize();
            Await.until(WAIT, "the client's GET stream", () -> server.openStreamCount() == 1);

            server.addTool("extra");

            List<McpSchema.Tool> tools = changed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(tools.stream().anyMatch(t -> t.name().equals("extra")), tools::toString);
            assertEquals("extra called", text(client.callTool(call("extra", Map.of()))));
        }
    }

    @Test
    @SuppressWarnings("deprecation") // the SDK's SSE client transport
    void sseServerWorksWithTheSseClientAndRefusesStreamablePosts() {
        try (TestMcpServer server = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).start()) {
            assertEquals(server.origin() + "/sse", server.url());
            String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
            PlainHttp http = new PlainHttp();
            Map<String, String> accept = Map.of("Accept", "application/json, text/event-stream");
            assertEquals(404, http.post(server.url(), "application/json", initialize, accept).status());
            assertEquals(404, http.post(server.origin() + "/mcp", "application/json", initialize, accept).status());

            try (McpSyncClient client = client(HttpClientSseClientTransport.builder(server.origin()).build())) {
                client.initialize();
                assertEquals(1, server.openStreamCount());
                assertEquals("via sse", text(client.callTool(call("echo", Map.of("text", "via sse")))));
            }
        }
    }

    private static McpSyncClient client(io.modelcontextprotocol.spec.McpClientTransport transport) {
        return McpClient.sync(transport).requestTimeout(WAIT).initializationTimeout(WAIT).build();
    }

    private static String read(McpSyncClient client, String uri) {
        McpSchema.ReadResourceResult result = client.readResource(McpSchema.ReadResourceRequest.builder(uri).build());
        return ((TextResourceContents) result.contents().get(0)).text();
    }
}
