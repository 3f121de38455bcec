package io.github.mcpoauth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Owners after the first adding a server whose challenge is known are sent to authorize without
 * another request to the server that would be refused; never in place of a request with a token.
 */
class KnownChallengeFlowTest {

    private final OAuthFixture f = new OAuthFixture(Duration.ofHours(1));

    @AfterEach
    void stop() {
        f.close();
    }

    private AddServerResult add(String owner) {
        AddServerResult added = f.harness.manager(owner).addMcpServer("secure", f.mcp.url());
        assertEquals(ConnectionState.AUTHENTICATING, added.state(), () -> owner + ": " + added);
        assertTrue(added.authUrl().startsWith(f.as.endpoints().authorizationEndpoint().toString()), added.authUrl());
        return added;
    }

    @Test
    void aSecondOwnerIsSentToAuthorizeWithoutAskingTheServerAgainAndIsReadyAfterTheCallback() throws Exception {
        add("alice");
        int afterAlice = f.mcp.mcpRequestCount();

        AddServerResult bob = add("bob");

        assertEquals(afterAlice, f.mcp.mcpRequestCount(), "bob's add sent nothing to the MCP server");
        assertEquals(ConnectionState.READY, f.complete("bob", bob.authUrl()).state());
        // every request since alice's 401 carried bob's token
        long bearers = f.mcp.authorizationHeaders().stream().filter(h -> h.startsWith("Bearer ")).count();
        assertTrue(bearers > 0);
        assertEquals(afterAlice, f.mcp.mcpRequestCount() - bearers);
    }

    @Test
    void theKnownChallengeIsAskedForAgainAfterFiveMinutes() {
        add("alice");
        f.clock.advance(KnownChallenges.TTL.plusSeconds(1));
        int before = f.mcp.mcpRequestCount();

        add("bob");

        assertEquals(before + 1, f.mcp.mcpRequestCount(), "bob's initialize asked the server");
    }

    @Test
    void reconnectAndRemoveMakeTheNextOwnerAskTheServerAgain() {
        add("alice");
        AddServerResult bob = add("bob");
        int before = f.mcp.mcpRequestCount();

        assertEquals(ConnectionState.AUTHENTICATING, f.harness.manager("bob").reconnect(bob.id()).state());
        assertEquals(before + 1, f.mcp.mcpRequestCount(), "reconnect asked the server");

        add("carol");
        assertEquals(before + 1, f.mcp.mcpRequestCount(), "the challenge bob's reconnect got is known again");
        f.harness.manager("bob").removeMcpServer(bob.id());
        add("dave");
        assertEquals(before + 2, f.mcp.mcpRequestCount(), "after a removal the next owner asks the server");
    }

    @Test
    void anOwnerWithHeadersOfItsOwnAsksTheServer() {
        add("alice");
        int before = f.mcp.mcpRequestCount();

        AddServerResult bob = f.harness.manager("bob").addMcpServer("secure", f.mcp.url(),
                ServerOptions.defaults().withHeaders(Map.of("X-Api-Key", "bobs")));

        assertEquals(ConnectionState.AUTHENTICATING, bob.state());
        assertEquals(before + 1, f.mcp.mcpRequestCount(), "bob's own headers might have been enough: asked");
    }

    @Test
    void anOwnerWithATokenReconnectsWithItWhileTheChallengeIsKnown() throws Exception {
        AddServerResult alice = add("alice");
        assertEquals(ConnectionState.READY, f.complete("alice", alice.authUrl()).state());
        add("bob"); // the challenge is known and fresh
        McpClientManager manager = f.harness.manager("alice");
        manager.closeIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(1), 0);
        int before = f.mcp.authorizationHeaders().size();

        manager.callTool(alice.id(), "echo", Map.of("text", "again"));

        List<String> sent = f.mcp.authorizationHeaders().subList(before, f.mcp.authorizationHeaders().size());
        assertFalse(sent.isEmpty(), "the call opened a new session at the server");
        assertTrue(sent.stream().allMatch(h -> h.startsWith("Bearer ")), sent::toString);
        assertEquals("ready", manager.getServer(alice.id()).state());
    }
}
