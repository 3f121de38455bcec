package io.github.mcpoauth.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.client.AddServerResult;
import io.github.mcpoauth.client.ConnectionState;
import io.github.mcpoauth.client.McpClientManager;
import io.github.mcpoauth.client.McpClientService;
import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.store.InMemoryMcpStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For the LLM tool bridge tests: a client service on loopback and real MCP servers ({@link TestMcpServer},
 * tools echo/add/fail each), added to owners' managers ready; everything closed at the end.
 */
public final class ToolBridgeFixture implements AutoCloseable {

    private final McpClientService service;
    private final List<TestMcpServer> servers = new ArrayList<>();

    public ToolBridgeFixture() {
        service = McpClientService.builder().store(new InMemoryMcpStore()).config(McpOAuthConfig.fromMap(Map.of(
                "mcp.oauth.callback-url", "http://127.0.0.1:9/app/mcp-client/callback",
                "mcp.oauth.allow-loopback", "true",
                "mcp.oauth.discovery-timeout", "15s",
                "mcp.oauth.request-timeout", "10s"))).build();
    }

    public McpClientManager manager(String owner) {
        return service.manager(owner);
    }

    /** Starts a new MCP server and adds it to {@code manager} under {@code name}; answers its id once ready. */
    public String addServer(McpClientManager manager, String name) {
        TestMcpServer server = TestMcpServer.builder().start();
        servers.add(server);
        AddServerResult added = manager.addMcpServer(name, server.url());
        assertEquals(ConnectionState.READY, added.state(), "server " + name + " is ready");
        return added.id();
    }

    /** The server started for the {@code n}th {@link #addServer} call, from 0. */
    public TestMcpServer server(int n) {
        return servers.get(n);
    }

    @Override
    public void close() {
        service.close();
        servers.forEach(TestMcpServer::close);
    }
}
