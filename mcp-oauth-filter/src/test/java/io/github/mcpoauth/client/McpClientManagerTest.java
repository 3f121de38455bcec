package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.Await;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The manager against a real MCP server (SDK servlet transport in Jetty) that needs no OAuth. */
class McpClientManagerTest {

    private TestMcpServer server;
    private ClientHarness harness;

    @BeforeEach
    void start() {
        server = TestMcpServer.builder().instructions("Use the echo tool.").start();
        harness = ClientHarness.withDefaults();
    }

    @AfterEach
    void stop() {
        harness.close();
        server.close();
    }

    @Test
    void addingAnOpenServerMakesItReadyWithEverythingItOffers() {
        McpClientManager manager = harness.manager("alice");
        AddServerResult result = manager.addMcpServer("demo", server.url());

        assertEquals(ConnectionState.READY, result.state());
        assertNull(result.authUrl());
        McpServersState state = manager.getMcpServers();
        ServerView view = state.servers().get(result.id());
        assertEquals("ready", view.state());
        assertEquals(server.url(), view.serverUrl());
        assertEquals("Use the echo tool.", view.instructions());
        assertTrue(view.capabilities().containsKey("tools"));
        assertEquals(List.of("add", "echo", "fail"), state.tools().stream().map(t -> (String) t.get("name")).sorted().toList());
        assertTrue(state.tools().stream().allMatch(t -> result.id().equals(t.get("serverId"))));
        assertEquals(1, state.prompts().size());
        assertEquals(1, state.resources().size());
        assertEquals(1, state.resourceTemplates().size());
    }

    @Test
    void theSameNameAndUrlReturnTheExistingServerInsteadOfADuplicate() {
        McpClientManager manager = harness.manager("alice");
        AddServerResult first = manager.addMcpServer("demo", server.url());
        AddServerResult second = manager.addMcpServer("demo", server.url());

        assertEquals(first.id(), second.id());
        assertEquals(1, manager.getMcpServers().servers().size());
        assertEquals(1, harness.store.servers().list("alice").size());
    }

    @Test
    void toolsPromptsAndResourcesCanBeUsed() {
        McpClientManager manager = harness.manager("alice");
        String id = manager.addMcpServer("demo", server.url()).id();

        McpSchema.CallToolResult sum = manager.callTool(id, "add", Map.of("a", 2, "b", 3));
        assertEquals("5", ((McpSchema.TextContent) sum.content().get(0)).text().replace(".0", ""));
        McpSchema.ReadResourceResult readme = manager.readResource(id, "test://readme");
        assertFalse(readme.contents().isEmpty());
        McpSchema.GetPromptResult prompt = manager.getPrompt(id, "greeting", Map.of("name", "Ada"));
        assertFalse(prompt.messages().isEmpty());
    }

    @Test
    void resourcesAndPromptsHaveAsynchronousTwins() throws Exception {
        McpClientManager manager = harness.manager("alice");
        String id = manager.addMcpServer("demo", server.url()).id();

        McpSchema.ReadResourceResult readme = manager.readResourceAsync(id, "test://readme").get(10, TimeUnit.SECONDS);
        McpSchema.GetPromptResult prompt = manager.getPromptAsync(id, "greeting", Map.of("name", "Ada"))
                .get(10, TimeUnit.SECONDS);

        assertEquals(manager.readResource(id, "test://readme").contents(), readme.contents());
        assertTrue(prompt.messages().toString().contains("Ada"), prompt.messages().toString());
        McpOAuthException unknown = assertThrows(McpOAuthException.class, () -> manager.getPromptAsync("nope", "greeting", null));
        assertEquals(McpOAuthException.Code.NOT_FOUND, unknown.code());
    }

    @Test
    void listChangedNotificationsRefreshTheToolsAndTellListeners() {
        McpClientManager manager = harness.manager("alice");
        String id = manager.addMcpServer("demo", server.url()).id();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Subscription ignored = manager.onServerStateChanged((owner, serverId) -> events.add(owner + "/" + serverId))) {
            server.addTool("late");
            Await.until(Duration.ofSeconds(10), "the new tool to appear",
                    () -> manager.getMcpServers().tools().stream().anyMatch(t -> "late".equals(t.get("name"))));
            // the state is visible a moment before listeners are told, so wait for them while subscribed
            Await.until(Duration.ofSeconds(10), "the listener to be told", () -> events.contains("alice/" + id));
        }
        assertTrue(events.contains("alice/" + id));
    }

    @Test
    void removingAServerClosesItAndDeletesItsRecords() {
        McpClientManager manager = harness.manager("alice");
        String id = manager.addMcpServer("demo", server.url()).id();

        manager.removeMcpServer(id);

        assertTrue(manager.getMcpServers().servers().isEmpty());
        assertTrue(harness.store.servers().find("alice", id).isEmpty());
        McpOAuthException e = assertThrows(McpOAuthException.class, () -> manager.callTool(id, "echo", Map.of()));
        assertEquals(McpOAuthException.Code.NOT_FOUND, e.code());
    }

    @Test
    void oneOwnerCannotSeeOrUseAnotherOwnersServers() {
        String id = harness.manager("alice").addMcpServer("demo", server.url()).id();
        McpClientManager bob = harness.manager("bob");

        assertTrue(bob.getMcpServers().servers().isEmpty());
        assertEquals(McpOAuthException.Code.NOT_FOUND,
                assertThrows(McpOAuthException.class, () -> bob.callTool(id, "echo", Map.of())).code());
        assertEquals(McpOAuthException.Code.NOT_FOUND,
                assertThrows(McpOAuthException.class, () -> bob.removeMcpServer(id)).code());
        assertEquals(1, harness.manager("alice").getMcpServers().servers().size());
    }

    @Test
    void customHeadersAreSentWithEveryRequest() {
        McpClientManager manager = harness.manager("alice");
        String id = manager.addMcpServer("demo", server.url(),
                ServerOptions.defaults().withHeaders(Map.of("Authorization", "Bearer static-api-key"))).id();
        manager.callTool(id, "echo", Map.of("text", "hi"));
        assertTrue(server.authorizationHeaders().contains("Bearer static-api-key"));
    }

    @Test
    void idleSessionsCloseAndReopenOnUse() {
        try (ClientHarness idle = new ClientHarness(Map.of("mcp.oauth.idle-timeout", "1s"))) {
            McpClientManager manager = idle.manager("alice");
            String id = manager.addMcpServer("demo", server.url()).id();
            assertEquals(1, idle.service.openSessions());
            Await.until(Duration.ofSeconds(10), "the idle session to close", () -> idle.service.openSessions() == 0);
            assertEquals("ready", manager.getServer(id).state());

            McpSchema.CallToolResult echoed = manager.callTool(id, "echo", Map.of("text", "again"));
            assertEquals("again", ((McpSchema.TextContent) echoed.content().get(0)).text());
            assertEquals(1, idle.service.openSessions());
        }
    }

    @Test
    void aManagerWithADefaultCallbackUrlGivesItOnlyToServersWithoutTheirOwnAndSharesEverythingElse() {
        McpClientManager plain = harness.manager("alice");
        URI derived = URI.create("http://app.example/ctx/mcp-client/callback");
        McpClientManager bound = plain.withDefaultCallbackUrl(derived);
        bound.addMcpServer("defaulted", server.url());
        bound.addMcpServer("own", server.url(), ServerOptions.defaults().withCallbackUrl(URI.create("http://app.example/own")));
        plain.addMcpServer("configured", server.url());

        Map<String, String> callbackUrls = new java.util.HashMap<>();
        harness.store.servers().list("alice").forEach(s -> callbackUrls.put(s.name(), String.valueOf(s.callbackUrl())));
        assertEquals(Map.of("defaulted", derived.toString(), "own", "http://app.example/own", "configured", "null"),
                callbackUrls);
        assertEquals(plain.getMcpServers().servers().keySet(), bound.getMcpServers().servers().keySet());
        assertEquals(3, bound.getMcpServers().servers().size());
    }
}
