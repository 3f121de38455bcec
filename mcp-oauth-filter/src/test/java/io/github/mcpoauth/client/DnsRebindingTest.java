package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import io.github.mcpoauth.testsupport.RawHttpServer;
import io.github.mcpoauth.testsupport.RebindingResolver;
import io.github.mcpoauth.testsupport.TestMcpServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 7: a server's name that resolves to a public address when the guard checks it and
 * to loopback when the connection is made (DNS rebinding) is refused with the guard's words, and
 * nothing reaches the loopback service; a server named by host still works, through the tunnel.
 */
class DnsRebindingTest {

    private static McpClientService service(boolean allowLoopback, RebindingResolver dns) {
        Map<String, String> settings = new HashMap<>();
        settings.put("mcp.oauth.callback-url", ClientHarness.CALLBACK);
        settings.put("mcp.oauth.allow-loopback", String.valueOf(allowLoopback));
        settings.put("mcp.oauth.retry-max-attempts", "1");
        settings.put("mcp.oauth.discovery-timeout", "15s");
        settings.put("mcp.oauth.request-timeout", "10s");
        McpClientService.Builder builder = McpClientService.builder().config(McpOAuthConfig.fromMap(settings))
                .store(new InMemoryMcpStore());
        return (dns == null ? builder : builder.resolver(dns)).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aServerWhoseNameRebindsToLoopbackAfterTheCheckIsRefusedAndNeverReached(String scheme) {
        RebindingResolver dns = new RebindingResolver("localhost");
        byte[] body = "{}".getBytes(StandardCharsets.US_ASCII);
        try (RawHttpServer loopback = RawHttpServer.start((line, out) -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                });
                McpClientService service = service(false, dns)) {
            String url = scheme + "://localhost:" + loopback.url("/").getPort() + "/mcp";

            AddServerResult added = service.manager("alice").addMcpServer("rebinding", url);

            assertEquals(ConnectionState.FAILED, added.state());
            String error = service.manager("alice").getServer(added.id()).error();
            assertTrue(error.contains("localhost"), error);
            assertTrue(error.contains("mcp.oauth.allow-loopback"), error);
            assertFalse(error.contains("127.0.0.1"), error);
            assertTrue(dns.lookUps() >= 2, "the check's look-up and the connection's: " + dns.lookUps());
            assertEquals(0, loopback.connections(), "nothing reached the loopback service");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STREAMABLE_HTTP", "SSE"})
    void aServerNamedByHostWorksThroughTheTunnel(String transport) throws Exception {
        try (TestMcpServer server = TestMcpServer.builder().transport(TestMcpServer.Transport.valueOf(transport)).start();
                McpClientService service = service(true, null)) {
            String url = server.url().replace("127.0.0.1", "localhost");
            McpClientManager alice = service.manager("alice");

            AddServerResult added = alice.addMcpServer("by-name", url);

            assertEquals(ConnectionState.READY, added.state(), () -> alice.getServer(added.id()).error());
            for (int i = 0; i < 3; i++) {
                assertTrue(alice.callTool(added.id(), "echo", Map.of("text", "hi " + i)).toString().contains("hi " + i));
            }
            alice.removeMcpServer(added.id());
        }
    }
}
