package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mcpoauth.McpOAuthException;
import io.github.mcpoauth.testsupport.TestAuthorizationServer;
import io.github.mcpoauth.testsupport.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole authorization flow against a real OAuth-protected MCP server and authorization server. */
class OAuthFlowTest {

    private final OAuthFixture f = new OAuthFixture(Duration.ofMinutes(10));

    @AfterEach
    void stop() {
        f.close();
    }

    private AddServerResult complete(String owner, String authUrl) throws Exception {
        return f.complete(owner, authUrl);
    }

    private McpOAuthException callbackError(String owner, Map<String, String> params) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> f.harness.service.completeAuthorization(owner, params).get(20, TimeUnit.SECONDS));
        return assertInstanceOf(e.getCause());
    }

    private static McpOAuthException assertInstanceOf(Throwable t) {
        assertTrue(t instanceof McpOAuthException, () -> "expected McpOAuthException, got " + t);
        return (McpOAuthException) t;
    }

    private String readyServer(String owner) throws Exception {
        AddServerResult added = f.harness.manager(owner).addMcpServer("secure", f.mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertEquals(ConnectionState.READY, complete(owner, added.authUrl()).state());
        return added.id();
    }

    @Test
    void closingTheServiceWaitsForEachSessionsAuthorizedDeleteSoTheStoreCanCloseAfter() throws Exception {
        readyServer("alice");
        int before = f.mcp.mcpRequestCount();

        f.harness.service.close();

        // the DELETE that ends the session has reached the server, with its bearer token, by the time close returns
        assertEquals(before + 1, f.mcp.mcpRequestCount());
        String last = f.mcp.authorizationHeaders().get(f.mcp.authorizationHeaders().size() - 1);
        assertTrue(last.startsWith("Bearer "), last);
    }

    @Test
    void aProtectedServerAsksForAuthorizationAndIsReadyAfterTheCallback() throws Exception {
        McpClientManager manager = f.harness.manager("alice");
        AddServerResult added = manager.addMcpServer("secure", f.mcp.url());

        assertEquals(ConnectionState.AUTHENTICATING, added.state());
        assertTrue(added.authUrl().startsWith(f.as.endpoints().authorizationEndpoint().toString()), added.authUrl());
        assertEquals(added.authUrl(), manager.getServer(added.id()).authUrl());

        AddServerResult completed = complete("alice", added.authUrl());
        assertEquals(ConnectionState.READY, completed.state());
        assertEquals(3, manager.getMcpServers().tools().size());
        McpSchema.CallToolResult echoed = manager.callTool(added.id(), "echo", Map.of("text", "secret"));
        assertEquals("secret", ((McpSchema.TextContent) echoed.content().get(0)).text());
        assertTrue(f.mcp.authorizationHeaders().stream().anyMatch(h -> h.startsWith("Bearer ")));
        assertEquals(f.mcp.url(), f.as.authorizationRequests().get(0).get("resource"));
    }

    @Test
    void aForeignForgedOrReplayedCallbackChangesNothing() throws Exception {
        AddServerResult added = f.harness.manager("alice").addMcpServer("secure", f.mcp.url());
        Map<String, String> params = f.browser.authorize(added.authUrl());

        assertEquals(McpOAuthException.Code.INVALID_CALLBACK, callbackError("bob", params).code());
        assertEquals(McpOAuthException.Code.INVALID_CALLBACK,
                callbackError("alice", Map.of("code", "x", "state", "forged-state")).code());
        ServerView unchanged = f.harness.manager("alice").getServer(added.id());
        assertEquals("authenticating", unchanged.state());
        assertEquals(added.authUrl(), unchanged.authUrl());

        assertEquals(ConnectionState.READY,
                f.harness.service.completeAuthorization("alice", params).get(20, TimeUnit.SECONDS).state());
        assertEquals(McpOAuthException.Code.INVALID_CALLBACK, callbackError("alice", params).code());
        assertEquals("ready", f.harness.manager("alice").getServer(added.id()).state());
    }

    @Test
    void anExpiringTokenIsRefreshedOnceBeforeUseEvenUnderManyConcurrentCalls() throws Exception {
        String id = readyServer("alice");
        McpClientManager manager = f.harness.manager("alice");
        f.clock.advance(Duration.ofMinutes(30));

        CompletableFuture<?>[] calls = new CompletableFuture<?>[100];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = manager.callToolAsync(id, "echo", Map.of("text", "n" + i));
        }
        CompletableFuture.allOf(calls).get(30, TimeUnit.SECONDS);

        assertEquals(1, f.as.tokenRequestCount("refresh_token"));
        assertEquals(f.mcp.url(), f.as.lastTokenRequest().orElseThrow().form().get("resource"));
    }

    @Test
    void aRejectedRefreshDropsTheTokensAndAsksForAuthorizationAgain() throws Exception {
        String id = readyServer("alice");
        f.clock.advance(Duration.ofMinutes(30));
        f.as.failNextToken(TestAuthorizationServer.Failure.INVALID_GRANT);

        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> f.harness.manager("alice").callTool(id, "echo", Map.of("text", "x")));

        assertEquals(McpOAuthException.Code.AUTHORIZATION_REQUIRED, e.code());
        assertNotNull(e.authUrl());
        assertEquals("authenticating", f.harness.manager("alice").getServer(id).state());
        assertTrue(f.harness.store.tokens().find("alice", id).isEmpty());
        assertEquals(ConnectionState.READY, complete("alice", e.authUrl()).state());
    }

    @Test
    void insufficientScopeStepsUpToTheRequiredScope() throws Exception {
        String id = readyServer("alice");
        f.mcp.requireScopes("mcp:write");

        McpOAuthException e = assertThrows(McpOAuthException.class,
                () -> f.harness.manager("alice").callTool(id, "echo", Map.of("text", "x")));
        assertEquals(McpOAuthException.Code.AUTHORIZATION_REQUIRED, e.code());
        assertEquals(ConnectionState.READY, complete("alice", e.authUrl()).state());

        String scope = f.as.authorizationRequests().get(f.as.authorizationRequests().size() - 1).get("scope");
        assertTrue(scope != null && scope.contains("mcp:write"), scope);
        f.harness.manager("alice").callTool(id, "echo", Map.of("text", "x"));
    }

    @Test
    void aDeniedAuthorizationFailsTheServerWithTheAuthorizationServersMessage() throws Exception {
        AddServerResult added = f.harness.manager("alice").addMcpServer("secure", f.mcp.url());
        f.as.denyNext();
        McpOAuthException e = callbackError("alice", f.browser.authorize(added.authUrl()));

        ServerView failed = f.harness.manager("alice").getServer(added.id());
        assertEquals("failed", failed.state());
        assertTrue(failed.error().contains("access_denied"), failed.error());
        assertNotEquals(McpOAuthException.Code.UPSTREAM, e.code());
    }

    @Test
    void aDeniedCallbackOfAnotherOwnerIsRefusedAndOnlyTheOwnersOwnEndsTheFlow() throws Exception {
        AddServerResult added = f.harness.manager("alice").addMcpServer("secure", f.mcp.url());
        f.as.denyNext();
        Map<String, String> denied = f.browser.authorize(added.authUrl());

        assertEquals(McpOAuthException.Code.INVALID_CALLBACK, callbackError("bob", denied).code());
        assertEquals("authenticating", f.harness.manager("alice").getServer(added.id()).state());
        assertTrue(f.harness.store.pendingAuthorizations().find(denied.get("state")).isPresent());

        callbackError("alice", denied);
        assertEquals("failed", f.harness.manager("alice").getServer(added.id()).state());
        assertTrue(f.harness.store.pendingAuthorizations().find(denied.get("state")).isEmpty());
    }

    @Test
    void aReconnectRetiresTheEarlierAuthorizationSoOnlyTheNewestAuthUrlCompletes() throws Exception {
        McpClientManager manager = f.harness.manager("alice");
        AddServerResult first = manager.addMcpServer("secure", f.mcp.url());
        Map<String, String> firstCallback = f.browser.authorize(first.authUrl());
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            assertEquals(ConnectionState.AUTHENTICATING, manager.reconnect(first.id()).state());
        }
        String newest = manager.getServer(first.id()).authUrl();
        assertNotEquals(first.authUrl(), newest);

        McpOAuthException refused = callbackError("alice", firstCallback);
        assertEquals(McpOAuthException.Code.INVALID_CALLBACK, refused.code());
        assertEquals("Unknown or already used authorization state", refused.getMessage());
        assertTrue(f.harness.store.pendingAuthorizations().find(firstCallback.get("state")).isEmpty());
        assertEquals(ConnectionState.READY, complete("alice", newest).state());
        assertTrue(f.harness.store.pendingAuthorizations().latest("alice", first.id()).isEmpty());
    }

    @Test
    void removingAServerDeletesItsTokensRegistrationAndPendingAuthorizations() throws Exception {
        String id = readyServer("alice");
        AddServerResult second = f.harness.manager("alice").addMcpServer("pending", f.mcp.url() + "?v=2");
        assertEquals(ConnectionState.AUTHENTICATING, second.state());

        f.harness.manager("alice").removeMcpServer(id);
        f.harness.manager("alice").removeMcpServer(second.id());

        assertTrue(f.harness.store.tokens().find("alice", id).isEmpty());
        assertTrue(f.harness.store.registrations().find("alice", id).isEmpty());
        assertTrue(f.harness.store.pendingAuthorizations().latest("alice", second.id()).isEmpty());
    }

    @Test
    void aProtectedSseServerIsAuthorizedToo() throws Exception {
        try (TestMcpServer sse = TestMcpServer.builder().transport(TestMcpServer.Transport.SSE).protectedBy(f.as).start()) {
            AddServerResult added = f.harness.manager("alice").addMcpServer("legacy", sse.url(),
                    ServerOptions.defaults().withTransport(TransportType.SSE));
            assertEquals(ConnectionState.AUTHENTICATING, added.state());
            assertEquals(ConnectionState.READY, complete("alice", added.authUrl()).state());
            f.harness.manager("alice").callTool(added.id(), "echo", Map.of("text", "x"));
        }
    }
}
