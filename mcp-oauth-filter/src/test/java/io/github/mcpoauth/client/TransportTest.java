package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.testsupport.TestMcpServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import io.modelcontextprotocol.spec.McpSchema;

/** The three transport choices against real servers of each kind. */
class TransportTest {

    @Test
    void sseTransportConnectsToAnSseServer() {
        try (TestMcpServer sse = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            McpClientManager manager = harness.manager("alice");
            AddServerResult result = manager.addMcpServer("legacy", sse.url(),
                    ServerOptions.defaults().withTransport(TransportType.SSE));
            assertEquals(ConnectionState.READY, result.state());
            McpSchema.CallToolResult echoed = manager.callTool(result.id(), "echo", Map.of("text", "over sse"));
            assertEquals("over sse", ((McpSchema.TextContent) echoed.content().get(0)).text());
        }
    }

    @Test
    void autoFallsBackToSseWhenStreamableHttpIsRefused() {
        try (TestMcpServer sse = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult result = harness.manager("alice").addMcpServer("legacy", sse.url());
            assertEquals(ConnectionState.READY, result.state());
        }
    }

    @Test
    void streamableHttpOnlyFailsAgainstAnSseOnlyServer() {
        try (TestMcpServer sse = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).start();
                ClientHarness harness = ClientHarness.withDefaults()) {
            AddServerResult result = harness.manager("alice").addMcpServer("legacy", sse.url(),
                    ServerOptions.defaults().withTransport(TransportType.STREAMABLE_HTTP));
            assertEquals(ConnectionState.FAILED, result.state());
        }
    }
}
